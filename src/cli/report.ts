// `cml report [-- <command>]`: flags -> settings -> run; the command's output passes through, then
// the comment's URL (or the report file) is printed, and the exit code is the report's.

import { runReport } from '../commands/report/run.js';
import { buildReportSettings } from '../commands/report/settings.js';
import { reportSpec } from '../commands/report/spec.js';
import type { CliCommand } from './command.js';

export const report: CliCommand<typeof reportSpec.options> = {
  spec: reportSpec,
  async run(parsed, io) {
    const settings = buildReportSettings(parsed.values, parsed.positionals, io.env, io.cwd);
    const outcome = await runReport(settings, { logger: io.logger, signal: io.signal, stdout: io.stdout, stderr: io.stderr });
    if (settings.json) {
      const { url, markdownFile, checkUrl, exitCode, commandExitCode, gatesFailed, markdown } = outcome;
      io.stdout(
        JSON.stringify({
          url: url ?? null,
          markdownFile,
          checkUrl: checkUrl ?? null,
          exitCode,
          commandExitCode: commandExitCode ?? null,
          gatesFailed,
          markdown,
        }) + '\n',
      );
    } else {
      io.stdout(`${outcome.url ?? outcome.markdownFile}\n`);
    }
    return outcome.exitCode;
  },
};
