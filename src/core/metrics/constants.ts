// Constants the metrics option specs show in --help, kept apart from the code that uses them so a
// spec can name them without loading the tables, the parsers or the gates.

/** Digits after the decimal point, as DVC's `--precision` default. */
export const DEFAULT_PRECISION = 5;

/** How a `--fail-on` gate is written, for help text and error hints. */
export const GATE_SYNTAX =
  'KEY:-DELTA (fail if KEY drops by more than DELTA), KEY:+DELTA (rises by more), KEY:-N% (relative), KEY<VALUE (also <=, >, >=, ==, !=); KEY may be path#key and use * wildcards';
