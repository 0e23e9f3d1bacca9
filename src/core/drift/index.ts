// `cml drift` core: read two datasets, compare them, render the report. No flags, no environment.

export { analyzeDrift, type AnalyzeSettings } from './analyze.js';
export { DEFAULT_CONFIG, parseDriftConfig, TEST_NAMES, type DriftConfig, type TestName } from './config.js';
export { readBoth } from './read/parallel.js';
export { readDataset } from './read/dataset.js';
export { renderMarkdown } from './report/markdown.js';
export { renderPrometheus } from './report/prometheus.js';
export { driftPlotSpec } from './report/plot-spec.js';
export type { DriftReport, ColumnReport, CheckResult, TestResult } from './report-types.js';
export type { Dataset, ColumnData } from './types.js';
