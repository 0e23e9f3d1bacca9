// `--help` text, rendered from a CommandSpec.

import { envName, globalOptions, type CommandSpec, type OptionMap, type OptionSpec } from '../options/spec.js';

export function renderCommandHelp(spec: CommandSpec<OptionMap>): string {
  const usage = [`cml ${spec.name}`];
  for (const positional of spec.positionals) {
    const name = positional.variadic ? `${positional.name}...` : positional.name;
    usage.push(positional.required ? `<${name}>` : `[${name}]`);
  }
  usage.push('[options]');

  const lines = [`Usage: ${usage.join(' ')}`, '', spec.summary];
  if (spec.description) lines.push('', ...wrap(spec.description, WIDTH));
  if (spec.positionals.length > 0) {
    lines.push('', 'Arguments:');
    const width = Math.max(...spec.positionals.map((p) => p.name.length)) + 2;
    for (const positional of spec.positionals) lines.push(`  ${positional.name.padEnd(width)}${positional.description}`);
  }

  const options = Object.entries({ ...spec.options, ...globalOptions } as OptionMap).filter(([, option]) => !option.hidden);
  const labels = options.map(([name, option]) => optionLabel(name, option));
  const width = Math.min(34, Math.max(...labels.map((label) => label.length)) + 2);
  lines.push('', 'Options:');
  options.forEach(([, option], index) => {
    const label = labels[index] ?? '';
    const extra = option.default !== undefined && option.default !== false && option.default !== '' ? ` (default: ${String(option.default)})` : '';
    const text = wrap(option.description + extra, WIDTH - width - 2);
    const indent = ' '.repeat(width + 2);
    const first = label.length + 2 > width ? [`  ${label}`, `${indent}${text[0] ?? ''}`] : [`  ${label.padEnd(width)}${text[0] ?? ''}`];
    lines.push(...first, ...text.slice(1).map((line) => `${indent}${line}`));
  });

  if (spec.envPrefix) {
    lines.push('', `Every option can also be set with an environment variable: ${envName(spec.envPrefix, 'option-name')}.`);
  }
  if (spec.examples && spec.examples.length > 0) {
    lines.push('', 'Examples:', ...spec.examples.map((example) => `  ${example}`));
  }
  return lines.join('\n') + '\n';
}

/** Help is wrapped to this many columns, whatever the terminal, so it reads the same in CI logs. */
export const WIDTH = 100;

export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/)) {
    if (current && current.length + 1 + word.length > width) {
      lines.push(current);
      current = word;
    } else {
      current = current ? `${current} ${word}` : word;
    }
  }
  if (current) lines.push(current);
  return lines;
}

function optionLabel(name: string, option: OptionSpec): string {
  const short = option.short ? `-${option.short}, ` : '    ';
  const value =
    option.type !== 'string' ? '' : option.optionalValue !== undefined ? `[=<${option.valueName ?? 'value'}>]` : ` <${option.valueName ?? 'value'}>`;
  const negation = option.negatable ? `, --no-${name}` : '';
  return `${short}--${name}${value}${option.multiple ? '...' : ''}${negation}`;
}
