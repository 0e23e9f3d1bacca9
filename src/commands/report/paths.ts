// Where `cml report` writes what it draws: the charts of `report.md` go to `report-plots/`, beside it.

import { basename, dirname, extname, join } from 'node:path';

export function imageDirectory(markdownFile: string): string {
  return join(dirname(markdownFile), `${basename(markdownFile, extname(markdownFile))}-plots`);
}
