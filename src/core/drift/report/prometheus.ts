// The drift report in the Prometheus text exposition format (version 0.0.4), for a node-exporter
// textfile collector or a Pushgateway: one gauge family per quantity, labelled by column and test.

import type { DriftReport } from '../report-types.js';

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function labels(pairs: Record<string, string>): string {
  const inner = Object.entries(pairs)
    .map(([key, value]) => `${key}="${escapeLabel(value)}"`)
    .join(',');
  return inner === '' ? '' : `{${inner}}`;
}

function sample(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(value);
}

export function renderPrometheus(report: DriftReport): string {
  const families = new Map<string, { help: string; samples: string[] }>();
  const add = (name: string, help: string, pairs: Record<string, string>, value: number): void => {
    const family = families.get(name) ?? { help, samples: [] };
    family.samples.push(`${name}${labels(pairs)} ${sample(value)}`);
    families.set(name, family);
  };
  add('cml_drift_detected', 'Whether drift was found: 1 when a column drifted or a check failed.', {}, report.drift ? 1 : 0);
  add('cml_drift_columns', 'Number of columns compared.', {}, report.summary.columns);
  add('cml_drift_drifted_columns', 'Number of columns whose deciding tests found drift.', {}, report.summary.driftedColumns);
  add('cml_drift_failed_checks', 'Number of failed data checks.', {}, report.summary.failedChecks);
  add('cml_drift_rows', 'Rows in each dataset.', { dataset: 'reference' }, report.reference.rows);
  add('cml_drift_rows', 'Rows in each dataset.', { dataset: 'current' }, report.current.rows);
  for (const column of report.columns) {
    add(
      'cml_drift_column_drift',
      'Whether the column drifted (1) or not (0).',
      { column: column.name, role: column.role, type: column.type },
      column.drift ? 1 : 0,
    );
    for (const test of column.tests) {
      const pairs = { column: column.name, test: test.name };
      add('cml_drift_test_statistic', 'Statistic of a drift test on a column.', pairs, test.statistic);
      if (test.pValue !== undefined) add('cml_drift_test_p_value', 'p-value of a drift test on a column.', pairs, test.pValue);
      add('cml_drift_test_threshold', 'Threshold of a drift test (p-value tests: drift below it; distances: drift above it).', pairs, test.threshold);
      add('cml_drift_test_drift', 'Whether the test found drift (1) or not (0).', { ...pairs, decisive: String(test.decisive) }, test.drift ? 1 : 0);
    }
  }
  if (report.performance) {
    const { metric } = report.performance;
    add('cml_drift_performance', "The model's metric (accuracy or rmse) in each dataset.", { dataset: 'reference', metric }, report.performance.reference);
    add('cml_drift_performance', "The model's metric (accuracy or rmse) in each dataset.", { dataset: 'current', metric }, report.performance.current);
    add('cml_drift_performance_drift', 'Whether the model got significantly worse (1) or not (0).', { metric }, report.performance.drift ? 1 : 0);
  }
  if (report.images) {
    const images = report.images;
    add('cml_drift_images_drift', 'Whether the current images drifted from the reference (1) or not (0).', {}, images.drift ? 1 : 0);
    add('cml_drift_images_outlier_share', 'Share of current images whose reconstruction error is above the threshold.', {}, images.outlierShare);
    add('cml_drift_images_threshold', 'Reconstruction error above which a current image is an outlier.', {}, images.threshold);
    add('cml_drift_images_ks_p_value', 'p-value of KS between held-out reference and current reconstruction errors.', {}, images.test.pValue);
  }
  for (const check of report.checks) {
    add('cml_drift_check_passed', 'Whether a data check passed (1) or failed (0).', { check: check.name, column: check.column ?? '' }, check.passed ? 1 : 0);
  }
  const lines: string[] = [];
  for (const [name, family] of families) {
    lines.push(`# HELP ${name} ${family.help}`, `# TYPE ${name} gauge`, ...family.samples);
  }
  return lines.join('\n') + '\n';
}
