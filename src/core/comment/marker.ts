// The invisible marker that makes a report "sticky": an HTML comment GitHub does not render.
//
//   <!-- continuous-ml:report id="<watermark title, URI-encoded>" post="<nonce>" -->
//
// `id` separates several sticky reports on one pull request (--watermark-title). `post` is unique
// per posting attempt, so after a write whose outcome is unknown (a 5xx) we can tell whether that
// very attempt was stored, rather than mistaking an older report for it.

const MARKER = /^<!-- continuous-ml:report id="([^"]*)" post="([^"]*)" -->$/;

/** CML's own watermark, so a workflow moving from CML keeps updating its existing report. */
const CML_WATERMARK = /^!\[\]\(https:\/\/cml\.dev\/watermark\.png#[0-9a-f]+ "CML watermark ?(.*?)"\)$/;

export interface Marker {
  readonly id: string;
  readonly post: string;
}

export function renderMarker(marker: Marker): string {
  return `<!-- continuous-ml:report id="${encodeURIComponent(marker.id)}" post="${encodeURIComponent(marker.post)}" -->`;
}

/**
 * The marker of a comment: only on its last non-blank line, where appendMarker puts it. A marker
 * quoted anywhere else in a report's text (say, one report citing another) does not count.
 */
export function readMarker(body: string): Marker | undefined {
  const lines = body.trimEnd().split('\n');
  // Stryker disable next-line StringLiteral: split always returns at least one element, so pop() never gives undefined
  const lastLine = lines.pop()?.trim() ?? '';
  const match = MARKER.exec(lastLine);
  // Stryker disable next-line StringLiteral: both groups are outside any optional part of MARKER, so a match always captures them
  if (match) return { id: safeDecode(match[1] ?? ''), post: safeDecode(match[2] ?? '') };
  const cml = CML_WATERMARK.exec(lastLine);
  if (cml) {
    // Stryker disable next-line StringLiteral: the title group is not optional in CML_WATERMARK, so a match always captures it (maybe empty)
    const id = cml[1] ?? '';
    return { id, post: '' };
  }
  return undefined;
}

/** Adds the marker at the end, on its own line, where it cannot be cut by truncation. */
export function appendMarker(body: string, marker: Marker): string {
  return `${body.replace(/\s+$/, '')}\n\n${renderMarker(marker)}\n`;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
