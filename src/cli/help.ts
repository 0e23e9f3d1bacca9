// `--help` text, rendered from a CommandSpec.

import { envName, globalOptions, type CommandSpec, type OptionMap, type OptionSpec } from './spec.js';

export function renderCommandHelp(spec: CommandSpec<OptionMap>): string {
  const usage = [`cml ${spec.name}`];
  for (const positional of spec.positionals) {
    const name = positional.variadic ? `${positional.name}...` : positional.name;
    usage.push(positional.required ? `<${name}>` : `[${name}]`);
  }
  usage.push('[options]');

  const lines = [`Usage: ${usage.join(' ')}`, '', spec.summary];
  if (spec.description) lines.push('', spec.description);
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
    const text = option.description + extra;
    lines.push(label.length + 2 > width ? `  ${label}\n  ${' '.repeat(width)}${text}` : `  ${label.padEnd(width)}${text}`);
  });

  if (spec.envPrefix) {
    lines.push('', `Every option can also be set with an environment variable: ${envName(spec.envPrefix, 'option-name')}.`);
  }
  if (spec.examples && spec.examples.length > 0) {
    lines.push('', 'Examples:', ...spec.examples.map((example) => `  ${example}`));
  }
  return lines.join('\n') + '\n';
}

function optionLabel(name: string, option: OptionSpec): string {
  const short = option.short ? `-${option.short}, ` : '    ';
  const value = option.type === 'string' ? ` <${option.valueName ?? 'value'}>` : '';
  const negation = option.negatable ? `, --no-${name}` : '';
  return `${short}--${name}${value}${option.multiple ? '...' : ''}${negation}`;
}
