// `cml comment create` / `cml comment update` (and `cml-send-comment`): flags -> settings -> run.

import type { CommentOutcome } from '../commands/comment/outcome.js';
import { runComment } from '../commands/comment/run.js';
import { buildCommentSettings } from '../commands/comment/settings.js';
import { commentSpec, type CommentMode } from '../commands/comment/spec.js';
import type { CliCommand, CliIo } from './command.js';

function commentCommand(mode: CommentMode): CliCommand<ReturnType<typeof commentSpec>['options']> {
  const spec = commentSpec(mode);
  return {
    spec,
    async run(parsed, io: CliIo) {
      const settings = buildCommentSettings(mode, parsed.values, parsed.positionals, io.env, io.cwd);
      const json = Boolean(parsed.values.json);
      const print = (outcome: CommentOutcome): void => {
        if (json) {
          const { url, id, target, updated } = outcome;
          io.stdout(JSON.stringify(outcome.dryRun ? { url, id, target, updated, dryRun: true, body: outcome.body } : { url, id, target, updated }) + '\n');
        } else if (outcome.dryRun) {
          io.stdout(outcome.body ?? '');
        } else {
          io.stdout(`${outcome.url}\n`);
        }
      };
      const outcome = await runComment(settings, {
        logger: io.logger,
        signal: io.signal,
        // In --watch, each refresh prints its URL as it happens.
        onPosted: print,
      });
      if (!settings.watch) print(outcome);
    },
  };
}

export const commentCreate = commentCommand('create');
export const commentUpdate = commentCommand('update');
