// The params section of a report: the `dvc params diff --md` table folded under <details>, so it
// is there for reviewers without pushing the metrics down.

import type { DiffResult } from '../core/metrics/diff.js';
import { diffTable, renderTable } from '../core/metrics/table.js';

export interface ParamsSectionInput {
  readonly params: DiffResult;
  readonly oldLabel: string;
  readonly newLabel: string;
  readonly noPath: boolean;
}

/** The folded params table, as lines (ending with a blank one). */
export function paramsSection(input: ParamsSectionInput): string[] {
  const count = [...input.params.values()].reduce((total, changes) => total + changes.size, 0);
  if (count === 0) {
    return [
      `<details><summary>Params: none changed</summary>`,
      '',
      `No param changed between \`${input.oldLabel}\` and \`${input.newLabel}\`.`,
      '',
      '</details>',
      '',
    ];
  }
  const table = diffTable(input.params, { title: 'Param', oldLabel: input.oldLabel, newLabel: input.newLabel, noPath: input.noPath, showChanges: false });
  return [`<details><summary>Params: ${count} changed</summary>`, '', renderTable(table, 'markdown').trimEnd(), '', '</details>', ''];
}
