// Fitting a Markdown report into a size limit without breaking its rendering.
//
// GitHub refuses comment bodies over 65,536 characters. Cutting at an arbitrary offset can leave an
// open code fence (the rest of the page renders as code), half a table row, an open <details>, or
// half a surrogate pair. We cut at a line boundary, preferring a blank line (end of a paragraph or
// table), close any open fence and <details>, and add a visible note saying what happened.

import { grouped } from '../../words.js';

/** GitHub's limit on issue, pull request and commit comment bodies. */
export const GITHUB_COMMENT_LIMIT = 65_536;

export interface TruncateResult {
  readonly text: string;
  readonly truncated: boolean;
  /** Characters of the original kept. */
  readonly kept: number;
}

/**
 * Returns `text` unchanged when it fits in `limit`; else the longest clean prefix that, together
 * with `note(kept, total)`, fits.
 */
export function truncateMarkdown(text: string, limit: number, note: (kept: number, total: number) => string): TruncateResult {
  if (text.length <= limit) return { text, truncated: false, kept: text.length };

  // The note's length depends on the numbers in it; reserve for the widest.
  const reserve = note(text.length, text.length).length + 64;
  const budget = Math.max(0, limit - reserve);

  const lines = text.split('\n');
  let used = 0;
  let fence: string | undefined;
  let openDetails = 0;
  let lastBlankCut: Cut | undefined;
  let lastLineCut: Cut = { end: 0, fence: undefined, openDetails: 0 };

  for (const line of lines) {
    const next = used + line.length + 1;
    if (next > budget) break;
    used = next;
    const fenceMatch = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fenceMatch?.[1]) {
      if (fence === undefined) fence = fenceMatch[1];
      else if (fenceMatch[1][0] === fence[0] && fenceMatch[1].length >= fence.length && line.trim() === fenceMatch[1]) fence = undefined;
    } else if (fence === undefined) {
      openDetails += (line.match(/<details\b/gi) ?? []).length;
      openDetails -= (line.match(/<\/details>/gi) ?? []).length;
      openDetails = Math.max(0, openDetails);
    }
    const cut: Cut = { end: used, fence, openDetails };
    lastLineCut = cut;
    if (line.trim() === '' && fence === undefined) lastBlankCut = cut;
  }

  // A paragraph boundary is worth losing up to a fifth of the budget; beyond that, cut at a line.
  const chosen = lastBlankCut && lastBlankCut.end >= budget * 0.8 ? lastBlankCut : lastLineCut;
  let kept = text.slice(0, chosen.end);
  if (chosen.end === 0) {
    // A single enormous line: cut inside it, but never between the halves of a surrogate pair.
    let end = budget;
    const code = text.charCodeAt(end - 1);
    if (code >= 0xd800 && code <= 0xdbff) end -= 1;
    kept = text.slice(0, end);
  }
  let closing = '';
  if (chosen.fence !== undefined) closing += `${chosen.fence}\n`;
  closing += '</details>\n'.repeat(chosen.openDetails);
  const keptLength = kept.length;
  const result = `${kept.replace(/\n+$/, '\n')}${closing}\n${note(keptLength, text.length)}`;
  return { text: result, truncated: true, kept: keptLength };
}

interface Cut {
  readonly end: number;
  readonly fence: string | undefined;
  readonly openDetails: number;
}

export function truncationNote(where: string | undefined): (kept: number, total: number) => string {
  return (kept, total) => {
    const shown = `${grouped(kept)} of ${grouped(total)} characters shown`;
    const full = where ? `The full report is in the [job summary](${where}).` : 'The full report is in the job summary of this run.';
    return `> [!WARNING]\n> This report was cut to fit GitHub's limit on comment size (${shown}). ${full}\n`;
  };
}
