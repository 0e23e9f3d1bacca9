// Reading YAML files the user wrote (metrics, params, dvc.yaml, drift.yaml): one parser set-up
// and one complete error line, `<file>: invalid YAML at line L, column C: <reason>`, or
// `<file>: invalid YAML: nested more than 256 levels deep` (the parser itself recurses).

import { parseDocument, type DocumentOptions, type ParseOptions, type SchemaOptions } from 'yaml';
import { UserError } from '../errors.js';
import { MAX_NESTING, nestedDeeperThan } from './nesting.js';

/**
 * Parses YAML text into plain values. parseDocument collects errors instead of throwing and,
 * unlike parse(), never prints warnings (with the library's multi-line code frames) to standard
 * error itself. Aliases are allowed but bounded.
 */
export function parseYamlText(text: string, where: string, options: ParseOptions & DocumentOptions & SchemaOptions = {}): unknown {
  let document: ReturnType<typeof parseDocument>;
  try {
    document = parseDocument(text, options);
  } catch (error) {
    if (error instanceof RangeError) throw tooDeep(where);
    throw error;
  }
  // The parser turns its own stack overflow into a document error with an arbitrary position.
  if (document.errors.some((error) => STACK_OVERFLOW.test(error.message))) throw tooDeep(where);
  const first = document.errors[0];
  if (first) throw invalidYaml(where, first.message, first.linePos?.[0]);
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    if (error instanceof RangeError && STACK_OVERFLOW.test(error.message)) throw tooDeep(where);
    // An alias to an anchor that is not set, or too many aliases.
    throw invalidYaml(where, (error as Error).message, undefined);
  }
  // Below the parser's limit the depth still depends on the stack left; one fixed limit keeps
  // every reader of the value (flatteners, renderers) safe and the answer the same everywhere.
  if (nestedDeeperThan(value)) throw tooDeep(where);
  return value;
}

const STACK_OVERFLOW = /call stack/i;

function tooDeep(where: string): UserError {
  return new UserError(`${where}: invalid YAML: nested more than ${MAX_NESTING} levels deep`);
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
