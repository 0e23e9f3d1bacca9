// `cml report`: check what can be checked, run the command, build the report, write it with its
// images, post it, and say which exit code the step ends with: the command's when it failed, else
// 1 when a gate failed, else 0.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { writeOutputs } from '../../output/files.js';
import { counted } from '../../words.js';
import { checkBase, openCompared } from './base.js';
import type { DriftAhead } from './drift.js';
import { executeCommand, type RunFacts } from './execute.js';
import { imageDirectory } from './paths.js';
import { openPostingForge, preparePublication, publish } from './post.js';
import type { ReportSettings } from './settings.js';

export interface ReportOutcome {
  readonly markdown: string;
  readonly markdownFile: string;
  /** The comment's URL, when posted. */
  readonly url: string | undefined;
  readonly updated: boolean;
  readonly checkUrl: string | undefined;
  readonly exitCode: number;
  readonly commandExitCode: number | undefined;
  readonly gatesFailed: boolean;
}

export interface ReportDeps {
  readonly logger: Logger;
  readonly signal: AbortSignal;
  /** Where the command's own output goes, unchanged. */
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly client?: object;
  readonly retryDelayMs?: number;
}

export async function runReport(settings: ReportSettings, deps: ReportDeps): Promise<ReportOutcome> {
  const { logger } = deps;
  // Masked before anything runs: the command's output is quoted in the report when it fails.
  logger.mask(settings.connection.token?.token);
  requireSomethingToReport(settings);
  const forge = openPostingForge(settings, deps);
  // Posting's reads (who we are, where the report goes, the asset branch) run while the command does.
  const prepared = preparePublication(settings, forge, logger);
  // The base is resolved (and fetched in a shallow clone) before the run; the comparison is opened
  // and the base's files read while it runs (kept by the commit tree: the sections take them from
  // there, or join the read under way).
  const checked = await checkBase(settings, logger);
  if (settings.command && deps.signal.aborted) throw new UserError('interrupted before the command started; nothing was run or posted');
  // The command starts as soon as nothing can stop the report; the rest is done while it runs.
  const running = settings.command ? executeCommand(settings.command, settings.cwd, settings.env, deps) : undefined;
  const comparing = openCompared(settings, logger, checked);
  // The base's files are read as soon as the comparison is open (git does the reading). Their
  // small module loads first: a module shared with the report's heavier ones (sections, plots,
  // drift; Vega), loading at the same time, would be ready only once all of those are.
  const aheadModule = import('./ahead.js');
  Promise.all([comparing, aheadModule])
    .then(([compared, ahead]) => ahead.readBaseAhead(settings, compared))
    .catch(() => undefined);
  const sections = aheadModule.catch(() => undefined).then(loadSections);

  let run: RunFacts | undefined;
  let drift: Promise<DriftAhead | undefined> | undefined;
  if (running) {
    const ended = new AbortController();
    const working = sections.then(({ plots, drift: driftModule }) => {
      // Once nothing can fail before the run: the plot renderer (Vega, sharp) loads while it runs.
      plots.preloadPlotting();
      // The plots are drawn once from the base's data while the command runs (see rehearsePlots).
      const rehearsal = plots.rehearsePlots(settings, comparing, imageDirectory(settings.markdownFile), ended.signal);
      return { rehearsal, drift: driftModule.driftAhead(settings, join(imageDirectory(settings.markdownFile), 'drift'), logger, ended.signal) };
    });
    drift = working.then((ahead) => ahead.drift);
    // Met when the report is built; if the modules failed to load, that failure is reported instead.
    drift.catch(() => undefined);
    try {
      run = await running;
    } finally {
      ended.abort();
      // At most the chart under way is finished.
      const drawn = await working.then((ahead) => ahead.rehearsal).catch(() => 0);
      logger.debug(`drew ${counted(drawn, 'plot')} ahead from the base's data while the command ran`);
    }
  }

  const compared = await comparing;
  const started = performance.now();
  const { build } = await sections;
  const built = await build.buildReport(settings, compared, run, forge?.runUrl, logger, { drift });
  await writeOutputs([...built.files, { path: settings.markdownFile, data: built.markdown }]);
  logger.debug(`built and wrote the report in ${(performance.now() - started).toFixed(0)} ms`);
  logger.info(
    `wrote the report to ${settings.markdownFile}${built.files.length > 0 ? ` and ${built.files.length} image${built.files.length === 1 ? '' : 's'} beside it` : ''}`,
  );
  const gatesFailed = built.gates.some((gate) => !gate.passed);
  const commandFailed = run !== undefined && run.exitCode !== 0;
  const publication = await publish(settings, prepared, built.markdown, commandFailed || gatesFailed, deps);
  logger.debug(`posted after ${(performance.now() - started).toFixed(0)} ms`);
  for (const gate of built.gates) {
    if (gate.passed) logger.info(`gate passed: ${gate.message}`);
    else logger.error(`regression: ${gate.message}`);
  }
  return {
    markdown: built.markdown,
    markdownFile: settings.markdownFile,
    ...publication,
    exitCode: commandFailed ? run!.exitCode : gatesFailed ? 1 : 0,
    commandExitCode: run?.exitCode,
    gatesFailed,
  };
}

/** The modules that build the report, loaded on first use. */
async function loadSections() {
  const [build, plots, drift] = await Promise.all([import('./build.js'), import('./plots.js'), import('./drift.js')]);
  return { build, plots, drift };
}

/** With no flag naming files and no dvc.yaml there is nothing to report: one line saying what to declare. */
function requireSomethingToReport(settings: ReportSettings): void {
  const { metrics, params, plots, drift } = settings.sources;
  if (metrics || params || plots || drift) return;
  if (existsSync(join(settings.cwd, 'dvc.yaml'))) return;
  throw new UserError(`nothing to report: no dvc.yaml in ${settings.cwd} and no --metrics, --params, --plots or --drift-reference`, {
    hint: 'declare metrics:, params: and plots: in dvc.yaml (DVCLive writes them), or name the files: cml report --metrics metrics.json -- python train.py',
  });
}
