// argv -> typed option values, using the command's OptionMap (src/cli/spec.ts).
//
// Precedence, highest first: a flag on the command line, then `<envPrefix><NAME>` from the
// environment, then the option's default. Unknown flags are a UserError naming the flag and the
// command's help.

import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../errors.js';
import { convertText } from '../options/convert.js';
import { envName, globalOptions, type CommandSpec, type OptionMap, type OptionValues, type ParsedCommand } from '../options/spec.js';

type ParseOptions = NonNullable<ParseArgsConfig['options']>;

export function parseCommand<O extends OptionMap>(
  spec: CommandSpec<O>,
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): ParsedCommand<O & typeof globalOptions> {
  const all: OptionMap = { ...globalOptions, ...spec.options };
  const config: ParseOptions = {};
  const aliasOf = new Map<string, string>();
  for (const [name, option] of Object.entries(all)) {
    config[name] = { type: option.type, multiple: option.multiple ?? false, ...(option.short ? { short: option.short } : {}) };
    for (const alias of option.aliases ?? []) {
      config[alias] = { type: option.type, multiple: option.multiple ?? false };
      aliasOf.set(alias, name);
    }
    if (option.negatable) {
      config[`no-${name}`] = { type: 'boolean' };
      aliasOf.set(`no-${name}`, name);
    }
  }

  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: withOptionalValues(argv, all), options: config, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${cleanParseMessage(error)} for \`cml ${spec.name}\``, {
      hint: `see \`cml ${spec.name} --help\``,
    });
  }

  const values: Record<string, unknown> = {};
  // Aliases first, so the canonical spelling wins when both are given.
  for (const [given, value] of Object.entries(parsed.values)) {
    const canonical = aliasOf.get(given);
    if (canonical === undefined) continue;
    values[canonical] = given.startsWith('no-') && all[canonical]?.negatable && !all[given] ? !value : value;
  }
  for (const [given, value] of Object.entries(parsed.values)) {
    if (!aliasOf.has(given)) values[given] = value;
  }

  for (const [name, option] of Object.entries(all)) {
    if (values[name] !== undefined) continue;
    const fromEnv = spec.envPrefix ? env[envName(spec.envPrefix, name)] : undefined;
    if (fromEnv !== undefined && fromEnv !== '') {
      values[name] = convertText(fromEnv, option.type, option.multiple ?? false, envName(spec.envPrefix ?? '', name));
    } else if (option.default !== undefined) {
      values[name] = option.default;
    }
  }

  return { values: values as OptionValues<O & typeof globalOptions>, positionals: parsed.positionals };
}

/** A bare `--check` becomes `--check=<its optionalValue>` (up to `--`, after which all are positionals). */
function withOptionalValues(argv: readonly string[], all: OptionMap): string[] {
  const bare = new Map<string, string>();
  for (const [name, option] of Object.entries(all)) {
    if (option.optionalValue === undefined) continue;
    for (const spelling of [name, ...(option.aliases ?? [])]) bare.set(`--${spelling}`, `--${spelling}=${option.optionalValue}`);
  }
  if (bare.size === 0) return [...argv];
  const end = argv.indexOf('--');
  return argv.map((arg, index) => (end !== -1 && index > end ? arg : (bare.get(arg) ?? arg)));
}

function cleanParseMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // Node's messages span several lines of advice about `--`; keep the first statement.
  const first = (message.split(/\r?\n/)[0] ?? message).split('. ')[0] ?? message;
  const ambiguous = /^Option '(--[\w-]+)[^']*' argument is ambiguous/.exec(first);
  if (ambiguous)
    return `${ambiguous[1]} needs a value, and the next argument looks like an option (write ${ambiguous[1]}=<value> for a value that starts with -)`;
  return first.replace(/^Unknown option '(.+?)'$/, 'unknown option $1').replace(/\.$/, '');
}
