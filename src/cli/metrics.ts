// `cml metrics diff|show|history|report` and `cml params diff`: flags -> settings -> run -> stdout.
// A failed --fail-on gate exits 1 after printing the table (or writing the report).

import {
  buildMetricsDiffSettings,
  buildMetricsHistorySettings,
  buildMetricsReportSettings,
  buildMetricsShowSettings,
  buildParamsDiffSettings,
  metricsDiffSpec,
  metricsHistorySpec,
  metricsReportSpec,
  metricsShowSpec,
  paramsDiffSpec,
  runMetricsDiff,
  runMetricsHistory,
  runMetricsReport,
  runMetricsShow,
  runParamsDiff,
} from '../commands/metrics.js';
import type { CliCommand } from './command.js';

export const metricsDiff: CliCommand<typeof metricsDiffSpec.options> = {
  spec: metricsDiffSpec,
  async run(parsed, io) {
    const settings = buildMetricsDiffSettings(parsed.values, parsed.positionals, io.cwd);
    const outcome = await runMetricsDiff(settings, { logger: io.logger });
    io.stdout(outcome.output);
    return outcome.regressed ? 1 : 0;
  },
};

export const paramsDiff: CliCommand<typeof paramsDiffSpec.options> = {
  spec: paramsDiffSpec,
  async run(parsed, io) {
    const settings = buildParamsDiffSettings(parsed.values, parsed.positionals, io.cwd);
    io.stdout((await runParamsDiff(settings, { logger: io.logger })).output);
  },
};

export const metricsShow: CliCommand<typeof metricsShowSpec.options> = {
  spec: metricsShowSpec,
  async run(parsed, io) {
    const settings = buildMetricsShowSettings(parsed.values, parsed.positionals, io.cwd);
    io.stdout((await runMetricsShow(settings, { logger: io.logger })).output);
  },
};

export const metricsHistory: CliCommand<typeof metricsHistorySpec.options> = {
  spec: metricsHistorySpec,
  async run(parsed, io) {
    const settings = buildMetricsHistorySettings(parsed.values, parsed.positionals, io.cwd);
    io.stdout((await runMetricsHistory(settings, { logger: io.logger })).output);
  },
};

export const metricsReport: CliCommand<typeof metricsReportSpec.options> = {
  spec: metricsReportSpec,
  async run(parsed, io) {
    const settings = buildMetricsReportSettings(parsed.values, parsed.positionals, io.cwd, io.env.GITHUB_STEP_SUMMARY || undefined);
    const outcome = await runMetricsReport(settings, { logger: io.logger });
    io.stdout(outcome.output);
    return outcome.regressed ? 1 : 0;
  },
};
