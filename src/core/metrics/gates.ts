// Gates: `--fail-on` rules that turn a metrics diff into pass or fail.
//
//   acc:-0.01      fail if acc drops by more than 0.01 (new - old < -0.01)
//   loss:+0.05     fail if loss rises by more than 0.05
//   acc:-2%        fail if acc drops by more than 2% of its old value
//   acc<0.8        fail if acc (new value) is below 0.8; also <=, >, >=, ==, !=
//   eval/metrics.json#acc:-0.01    only the `acc` of that file
//   'loss.*:+0'    `*` matches within one dotted segment, `**` across segments
//
// A metric a gate names that is missing from the new revision fails the gate (a deleted metric is
// not a pass). A change gate on a metric that is new (no old value) passes and says so.

import { UsageError } from '../../errors.js';
import type { DiffResult } from './diff.js';
import { GATE_SYNTAX } from './constants.js';
import { floatRepr, toNumber } from './python.js';

export { GATE_SYNTAX };

export type ThresholdOperator = '<' | '<=' | '>' | '>=' | '==' | '!=';

export interface Gate {
  /** As written, for messages. */
  readonly text: string;
  /** Restricts the gate to one file (display path), when given with `path#key`. */
  readonly path: string | undefined;
  readonly key: string;
  readonly pattern: RegExp;
  readonly rule:
    | { readonly kind: 'change'; readonly direction: 'drop' | 'rise'; readonly amount: number; readonly relative: boolean }
    | { readonly kind: 'threshold'; readonly operator: ThresholdOperator; readonly value: number };
}

export interface GateOutcome {
  readonly gate: Gate;
  readonly path: string | undefined;
  readonly key: string | undefined;
  readonly passed: boolean;
  /** One line: "acc dropped by 0.02 (0.93 → 0.91), more than the allowed 0.01". */
  readonly message: string;
}

const NUMBER = '[-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?';
const CHANGE = new RegExp(`^(.+?):([-+])(\\d+\\.?\\d*|\\.\\d+)(?:[eE]([-+]?\\d+))?(%?)$`);
const THRESHOLD = new RegExp(`^(.+?)\\s*(<=|>=|==|!=|<|>)\\s*(${NUMBER})$`);

export function parseGate(text: string): Gate {
  const trimmed = text.trim();
  const change = CHANGE.exec(trimmed);
  if (change) {
    const [, selector = '', sign = '+', digits = '0', exponent, percent] = change;
    const magnitude = Number(exponent === undefined ? digits : `${digits}e${exponent}`);
    return {
      text: trimmed,
      ...selectorOf(selector, trimmed),
      rule: { kind: 'change', direction: sign === '-' ? 'drop' : 'rise', amount: magnitude, relative: percent === '%' },
    };
  }
  const threshold = THRESHOLD.exec(trimmed);
  if (threshold) {
    const [, selector = '', operator = '<', value = '0'] = threshold;
    return {
      text: trimmed,
      ...selectorOf(selector.trim(), trimmed),
      rule: { kind: 'threshold', operator: operator as ThresholdOperator, value: Number(value) },
    };
  }
  throw new UsageError(`--fail-on "${text}" is not a gate`, { hint: `write ${GATE_SYNTAX}` });
}

function selectorOf(selector: string, text: string): { path: string | undefined; key: string; pattern: RegExp } {
  const hash = selector.lastIndexOf('#');
  const path = hash >= 0 ? selector.slice(0, hash).trim() : undefined;
  const key = (hash >= 0 ? selector.slice(hash + 1) : selector).trim();
  if (key === '' || path === '') throw new UsageError(`--fail-on "${text}" names no metric`, { hint: `write ${GATE_SYNTAX}` });
  const source = key
    .split(/(\*\*|\*)/)
    .map((part) => (part === '**' ? '.*' : part === '*' ? '[^.]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return { path, key, pattern: new RegExp(`^${source}$`) };
}

export interface GateLabels {
  readonly old: string;
  readonly new: string;
}

/**
 * Checks every gate against a diff that includes unchanged metrics (computed with all=true), so a
 * gate on an unchanged metric still sees its value.
 */
export function evaluateGates(gates: readonly Gate[], diff: DiffResult, labels: GateLabels): GateOutcome[] {
  const outcomes: GateOutcome[] = [];
  for (const gate of gates) {
    let matched = false;
    for (const [path, changes] of diff) {
      if (gate.path !== undefined && gate.path !== path) continue;
      for (const [key, change] of changes) {
        if (!gate.pattern.test(key)) continue;
        matched = true;
        outcomes.push(
          check(
            gate,
            path,
            key,
            toNumber(change.old ?? undefined),
            toNumber(change.new ?? undefined),
            change.new === null,
            change.new !== null && toNumber(change.new) === undefined,
            labels,
          ),
        );
      }
    }
    if (!matched) {
      outcomes.push({
        gate,
        path: gate.path,
        key: undefined,
        passed: false,
        message: `${gate.text}: no metric ${gate.path ? `${gate.path}#` : ''}${gate.key} in ${labels.old} or ${labels.new}`,
      });
    }
  }
  return outcomes;
}

function check(
  gate: Gate,
  path: string,
  key: string,
  old: number | undefined,
  next: number | undefined,
  missing: boolean,
  notNumber: boolean,
  labels: GateLabels,
): GateOutcome {
  const name = key === '' ? path : key;
  const done = (passed: boolean, message: string): GateOutcome => ({ gate, path, key, passed, message });
  if (missing) return done(false, `${name} is missing in ${labels.new} (gate ${gate.text})`);
  if (notNumber || next === undefined) return done(false, `${name} is not a number in ${labels.new} (gate ${gate.text})`);
  const rule = gate.rule;
  if (rule.kind === 'threshold') {
    const failed = compare(next, rule.operator, rule.value);
    return done(
      !failed,
      failed ? `${name} is ${show(next)}, ${rule.operator} ${show(rule.value)} (gate ${gate.text})` : `${name} is ${show(next)} (gate ${gate.text})`,
    );
  }
  if (old === undefined) return done(true, `${name} is new in ${labels.new} (${show(next)}); nothing to compare (gate ${gate.text})`);
  const change = next - old;
  const allowed = rule.relative ? (Math.abs(old) * rule.amount) / 100 : rule.amount;
  // Binary floats make 0.90 - 0.89 = 0.010000000000000009: a drop of exactly the allowed amount
  // must pass, so ignore excess below the precision the values themselves carry.
  const excess = (rule.direction === 'drop' ? -change : change) - allowed;
  const failed = excess > 1e-9 * Math.max(1, Math.abs(old), Math.abs(next));
  const verb = change < 0 ? 'dropped' : 'rose';
  const amount = rule.relative
    ? `${show(Math.abs(change))} (${show(old === 0 ? Infinity : (Math.abs(change) / Math.abs(old)) * 100)}%)`
    : show(Math.abs(change));
  const limit = rule.relative ? `${show(rule.amount)}%` : show(rule.amount);
  if (change === 0) return done(!failed, `${name} unchanged at ${show(next)} (gate ${gate.text})`);
  return done(
    !failed,
    failed
      ? `${name} ${verb} by ${amount} (${show(old)} → ${show(next)}), more than the allowed ${limit} (gate ${gate.text})`
      : `${name} ${verb} by ${amount} (${show(old)} → ${show(next)}) (gate ${gate.text})`,
  );
}

function compare(value: number, operator: ThresholdOperator, threshold: number): boolean {
  switch (operator) {
    case '<':
      return value < threshold;
    case '<=':
      return value <= threshold;
    case '>':
      return value > threshold;
    case '>=':
      return value >= threshold;
    case '==':
      return value === threshold;
    case '!=':
      return value !== threshold;
  }
}

function show(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e15) return String(value);
  // Rounding noise (0.010000000000000009) says nothing to a reader; 6 significant digits do.
  return floatRepr(Number(value.toPrecision(6)));
}
