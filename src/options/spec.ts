// Declarative description of a command's interface, shared by the CLI and the GitHub Action.
//
// Each command declares its flags once, in a constants map (`options`), in its own
// src/commands/<name>/spec.ts. The CLI parses argv with it (src/cli/parse.ts), the action reads
// `INPUT_*` with it (src/action/inputs.ts), `--help` and `cml --help` are rendered from it
// (src/cli/help.ts, src/cli/registry.ts), and a test checks every action.yml against it, so a flag
// and its action input can never drift apart. Nothing here knows about argv or inputs.

/** Environment variables, as given to a front door (never read from `process.env` below it). */
export type Env = Readonly<Record<string, string | undefined>>;

export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly description: string;
  /** One-letter alias, CLI only. */
  readonly short?: string;
  /** May be given more than once (CLI) or as several lines (action input). */
  readonly multiple?: boolean;
  /** Placeholder in help: `--target <target>`. */
  readonly valueName?: string;
  /** Default shown in help and used when neither flag, env var nor input gives a value. */
  readonly default?: string | boolean;
  /** Other spellings accepted on the command line (CML's legacy names). Hidden from help. */
  readonly aliases?: readonly string[];
  /** `--no-<name>` sets a boolean to false. */
  readonly negatable?: boolean;
  /** Only meaningful in a terminal (e.g. --watch); not an action input. */
  readonly cliOnly?: boolean;
  /** Accepted for compatibility but not shown in help. */
  readonly hidden?: boolean;
  /**
   * A string option that may be given bare (`--check`) takes this value; a value of its own must
   * then be attached (`--check=name`), as git's optional values, so it is never a positional.
   */
  readonly optionalValue?: string;
}

export interface PositionalSpec {
  readonly name: string;
  readonly description: string;
  readonly required: boolean;
  readonly variadic?: boolean;
}

export type OptionMap = Readonly<Record<string, OptionSpec>>;

export interface CommandSpec<O extends OptionMap = OptionMap> {
  /** Words after `cml`, e.g. "comment create". */
  readonly name: string;
  /** One line, shown by `cml --help` and at the top of `cml <name> --help`. */
  readonly summary: string;
  readonly description?: string;
  /** Other spellings that run this command (CML's older names), e.g. `send-comment`. */
  readonly aliases?: readonly string[];
  /** The command stops cleanly on SIGINT/SIGTERM (io.signal); others end at once on a signal. */
  readonly handlesInterrupt?: boolean;
  readonly positionals: readonly PositionalSpec[];
  readonly options: O;
  /** Options may also come from `<envPrefix><OPTION_NAME>` environment variables (CML's habit). */
  readonly envPrefix?: string;
  readonly examples?: readonly string[];
}

export type OptionValue<S extends OptionSpec> = S['type'] extends 'boolean' ? boolean : S['multiple'] extends true ? string[] : string;

/** Parsed option values: present when given (or defaulted), undefined otherwise. */
export type OptionValues<O extends OptionMap> = { -readonly [K in keyof O]: OptionValue<O[K]> | undefined };

export interface ParsedCommand<O extends OptionMap> {
  readonly values: OptionValues<O>;
  readonly positionals: string[];
}

/** `watermark-title` -> `WATERMARK_TITLE`. */
export function envName(prefix: string, option: string): string {
  return prefix + option.toUpperCase().replace(/-/g, '_');
}

/** Options every command accepts. */
export const globalOptions = {
  help: { type: 'boolean', short: 'h', description: 'Show help for this command.', cliOnly: true },
  log: {
    type: 'string',
    valueName: 'level',
    description: 'Log level: debug, info, warn or error. debug shows requests and stack traces.',
    default: 'info',
  },
} as const satisfies OptionMap;

export function defineCommand<O extends OptionMap>(spec: CommandSpec<O>): CommandSpec<O> {
  return spec;
}
