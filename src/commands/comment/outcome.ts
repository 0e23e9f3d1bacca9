// What posting a report produced: printed by the CLI, set as outputs by the action.

export interface CommentOutcome {
  /** Comment URL, or the local file's path when written locally. */
  readonly url: string;
  readonly id: number | null;
  /** `pr/12`, `issue/3`, `commit/<sha>`, or `local`. */
  readonly target: string;
  readonly updated: boolean;
  readonly dryRun: boolean;
  /** What a dry run would send. */
  readonly body?: string;
}
