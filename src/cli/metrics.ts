// `cml metrics diff|show|history|report` and `cml params diff`: flags -> settings -> run -> stdout.
// A failed --fail-on gate exits 1; its error line follows the table (or report) it refers to. Inside GitHub
// Actions it is also an error annotation, as with the metrics action.

import { announceGates, type GateReporting } from '../commands/metrics/deps.js';
import { runMetricsDiff, runParamsDiff } from '../commands/metrics/run-diff.js';
import { runMetricsHistory } from '../commands/metrics/run-history.js';
import { runMetricsReport } from '../commands/metrics/run-report.js';
import { runMetricsShow } from '../commands/metrics/run-show.js';
import {
  buildMetricsDiffSettings,
  buildMetricsHistorySettings,
  buildMetricsReportSettings,
  buildMetricsShowSettings,
  buildParamsDiffSettings,
} from '../commands/metrics/settings.js';
import { metricsDiffSpec, metricsHistorySpec, metricsReportSpec, metricsShowSpec, paramsDiffSpec } from '../commands/metrics/spec.js';
import type { GateOutcome } from '../core/metrics/gates.js';
import type { CommandSpec, OptionMap, OptionValues } from '../options/spec.js';
import type { CliCommand, CliIo } from './command.js';

/** A workflow command's message, escaped as @actions/core escapes it. */
export function escapeCommandData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/**
 * How a failed gate is reported. Always an `error: regression: ...` line; when io.env says the run
 * is in GitHub Actions, also an `::error title=Metric regression::` workflow command, the
 * annotation the metrics action makes. Both go to standard error: the runner reads workflow
 * commands from standard error as well as standard output, and standard output stays the table,
 * Markdown or JSON that scripts parse. The annotation is written raw (a workflow command must
 * start its line), so no --log level drops it.
 */
export function regressionReporter(io: Pick<CliIo, 'env' | 'logger' | 'stderr'>): ((outcome: GateOutcome) => void) | undefined {
  if (io.env.GITHUB_ACTIONS !== 'true') return undefined;
  return (outcome) => {
    io.logger.error(`regression: ${outcome.message}`);
    io.stderr(`::error title=Metric regression::${escapeCommandData(outcome.message)}\n`);
  };
}

function gateReporting(io: CliIo): GateReporting {
  const onRegression = regressionReporter(io);
  return onRegression ? { logger: io.logger, onRegression } : { logger: io.logger };
}

export const metricsDiff: CliCommand<typeof metricsDiffSpec.options> = {
  spec: metricsDiffSpec,
  async run(parsed, io) {
    const settings = buildMetricsDiffSettings(parsed.values, parsed.positionals, io.cwd, io.env);
    const outcome = await runMetricsDiff(settings, { logger: io.logger });
    io.stdout(outcome.output);
    announceGates(outcome.gates, gateReporting(io));
    return outcome.regressed ? 1 : 0;
  },
};

/** A command that only prints what its run returns: settings from flags, run, output to stdout. */
function printing<O extends OptionMap, S>(
  spec: CommandSpec<O>,
  build: (values: OptionValues<O>, positionals: readonly string[], cwd: string) => S,
  run: (settings: S, deps: { logger: CliIo['logger'] }) => Promise<{ output: string }>,
): CliCommand<O> {
  return {
    spec,
    async run(parsed, io) {
      io.stdout((await run(build(parsed.values, parsed.positionals, io.cwd), { logger: io.logger })).output);
    },
  };
}

export const paramsDiff = printing(paramsDiffSpec, buildParamsDiffSettings, runParamsDiff);
export const metricsShow = printing(metricsShowSpec, buildMetricsShowSettings, runMetricsShow);
export const metricsHistory = printing(metricsHistorySpec, buildMetricsHistorySettings, runMetricsHistory);

export const metricsReport: CliCommand<typeof metricsReportSpec.options> = {
  spec: metricsReportSpec,
  async run(parsed, io) {
    const settings = buildMetricsReportSettings(parsed.values, parsed.positionals, io.cwd, io.env.GITHUB_STEP_SUMMARY || undefined, io.env);
    const outcome = await runMetricsReport(settings, { logger: io.logger });
    io.stdout(outcome.output);
    announceGates(outcome.gates, gateReporting(io));
    return outcome.regressed ? 1 : 0;
  },
};
