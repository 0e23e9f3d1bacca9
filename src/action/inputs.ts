// Action inputs -> the same option values the CLI parses, using the command's OptionMap.
//
// The runner passes inputs as INPUT_<NAME> with the name upper-cased and spaces (not dashes) turned
// into underscores, so `watermark-title` arrives as INPUT_WATERMARK-TITLE. Booleans follow YAML 1.2
// (true/True/TRUE/false/False/FALSE), as @actions/core's getBooleanInput.

import { UserError } from '../errors.js';
import { convertText } from '../options/convert.js';
import type { CommandSpec, OptionMap, OptionValues } from '../options/spec.js';
import type { Env } from '../forges/github/context.js';

export function inputEnvName(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

export function readInputs<O extends OptionMap>(spec: CommandSpec<O>, env: Env): { values: OptionValues<O>; positionals: string[] } {
  const values: Record<string, unknown> = {};
  for (const [name, option] of Object.entries(spec.options)) {
    if (option.cliOnly) continue;
    const raw = env[inputEnvName(name)];
    if (raw === undefined || raw.trim() === '') {
      if (option.default !== undefined) values[name] = option.default;
      continue;
    }
    values[name] = convertText(raw.trim(), option.type, option.multiple ?? false, `input "${name}"`);
  }
  const positionals: string[] = [];
  for (const positional of spec.positionals) {
    const raw = env[inputEnvName(positional.name)]?.trim();
    if (raw) positionals.push(raw);
    else if (positional.required) throw new UserError(`input "${positional.name}" is required`, { hint: `add \`with: ${positional.name}: ...\` to the step` });
  }
  return { values: values as OptionValues<O>, positionals };
}

/**
 * The environment a command sees in an action: the workflow's token (input `github-token`) is the
 * last fallback for GITHUB_TOKEN, after `token`, REPO_TOKEN and GITHUB_TOKEN — unless a GitHub App
 * is given, which then comes before it.
 */
export function withWorkflowToken(env: Env, values: { readonly 'github-app-id'?: string | undefined }): Env {
  const workflowToken = env[inputEnvName('github-token')]?.trim() || undefined;
  const app = values['github-app-id']?.trim() || env.CML_GITHUB_APP_ID?.trim();
  if (app || env.GITHUB_TOKEN?.trim()) return env;
  return { ...env, GITHUB_TOKEN: workflowToken };
}
