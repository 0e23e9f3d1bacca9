// `cml drift` core: read two datasets, compare them, expose the report in Prometheus form. No flags,
// no environment. The Markdown section and its charts are src/report/drift*.ts.

export { analyzeDrift, type AnalyzeSettings } from './analyze.js';
export { DEFAULT_CONFIG, parseDriftConfig, type DriftConfig } from './config.js';
export { DRIFT_TESTS, TEST_NAMES, type DriftTest, type TestName } from './tests.js';
export { readBoth } from './read/parallel.js';
export { readDataset } from './read/dataset.js';
export { renderPrometheus } from './report/prometheus.js';
export type { DriftReport, ColumnReport, CheckResult, TestResult } from './report-types.js';
export type { Dataset, ColumnData } from './types.js';
