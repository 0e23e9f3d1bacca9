// Metrics and params: load (JSON/YAML/TOML/CSV/TSV), flatten, diff, DVC-identical tables, gates,
// direction of "better" and history. The Markdown report sections are in src/report/.

export * from './value.js';
export * from './python.js';
export * from './load.js';
export * from './diff.js';
export * from './table.js';
export * from './dvc-yaml.js';
export * from './collect.js';
export * from './gates.js';
export * from './direction.js';
export * from './history.js';
