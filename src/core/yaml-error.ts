// One complete line for a YAML syntax error, shared by every reader of YAML files (metrics,
// params, dvc.yaml, drift.yaml): `<file>: invalid YAML at line L, column C: <reason>`.

import { UserError } from '../errors.js';

/**
 * The yaml library's message ends with the position and a multi-line code frame; only its first
 * sentence is kept, and the position comes from the error's own line/column when it has one.
 */
export function invalidYaml(where: string, message: string, position: { line: number; col: number } | undefined): UserError {
  const firstLine = message.split(/\r?\n/, 1)[0] ?? '';
  const stated = / at line (\d+), column (\d+):?\s*$/.exec(firstLine);
  let reason = (stated ? firstLine.slice(0, stated.index) : firstLine).trim();
  if (/contains multiple documents/i.test(reason)) reason = 'more than one YAML document (a `---` or `...` line ends the first)';
  const line = position?.line ?? (stated ? Number(stated[1]) : undefined);
  const column = position?.col ?? (stated ? Number(stated[2]) : undefined);
  const at = line !== undefined && column !== undefined ? ` at line ${line}, column ${column}` : '';
  return new UserError(`${where}: invalid YAML${at}: ${reason || 'not valid YAML'}`);
}
