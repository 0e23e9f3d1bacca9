// Text from an environment variable or an action input -> an option value, the same way for both
// front doors (src/cli/parse.ts for `<envPrefix><NAME>` variables, src/action/inputs.ts for inputs).

import { UserError } from '../errors.js';

/** Text (env var or action input) -> option value. Booleans follow YAML 1.2 core, as @actions/core. */
export function convertText(text: string, type: 'string' | 'boolean', multiple: boolean, source: string): string | boolean | string[] {
  if (type === 'boolean') {
    const value = text.trim();
    if (['true', 'True', 'TRUE', '1', 'yes'].includes(value)) return true;
    if (['false', 'False', 'FALSE', '0', 'no', ''].includes(value)) return false;
    throw new UserError(`${source} must be true or false, got "${value}"`);
  }
  if (multiple) {
    return text
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== '');
  }
  return text;
}
