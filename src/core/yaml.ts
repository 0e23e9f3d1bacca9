// Reading YAML files the user wrote (metrics, params, dvc.yaml, drift.yaml): one parser set-up
// and one complete error line, `<file>: invalid YAML at line L, column C: <reason>`.

import { parseDocument, type DocumentOptions, type ParseOptions, type SchemaOptions } from 'yaml';
import { UserError } from '../errors.js';

/**
 * Parses YAML text into plain values. parseDocument collects errors instead of throwing and,
 * unlike parse(), never prints warnings (with the library's multi-line code frames) to standard
 * error itself. Aliases are allowed but bounded.
 */
export function parseYamlText(text: string, where: string, options: ParseOptions & DocumentOptions & SchemaOptions = {}): unknown {
  const document = parseDocument(text, options);
  const first = document.errors[0];
  if (first) throw invalidYaml(where, first.message, first.linePos?.[0]);
  try {
    return document.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    // An alias to an anchor that is not set, or too many aliases.
    throw invalidYaml(where, (error as Error).message, undefined);
  }
}

/**
 * The yaml library's message ends with the position and a multi-line code frame; only its first
 * sentence is kept, and the position comes from the error's own line/column when it has one.
 */
function invalidYaml(where: string, message: string, position: { line: number; col: number } | undefined): UserError {
  const firstLine = message.split(/\r?\n/, 1)[0] ?? '';
  const stated = / at line (\d+), column (\d+):?\s*$/.exec(firstLine);
  let reason = (stated ? firstLine.slice(0, stated.index) : firstLine).trim();
  if (/contains multiple documents/i.test(reason)) reason = 'more than one YAML document (a `---` or `...` line ends the first)';
  const line = position?.line ?? (stated ? Number(stated[1]) : undefined);
  const column = position?.col ?? (stated ? Number(stated[2]) : undefined);
  const at = line !== undefined && column !== undefined ? ` at line ${line}, column ${column}` : '';
  return new UserError(`${where}: invalid YAML${at}: ${reason || 'not valid YAML'}`);
}
