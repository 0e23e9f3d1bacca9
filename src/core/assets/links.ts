// Finding and rewriting the local files a Markdown report links to: inline images and links
// (`![alt](plot.png "title")`), reference definitions (`[plot]: plot.png`), HTML `<img src>`, and
// `data:image/...;base64,` URIs in any of those. Text inside code (fenced or indented blocks,
// inline code) is left alone: a report that documents `![](plot.png)` must not have it rewritten.

export type LinkKind = 'image' | 'link' | 'reference' | 'html-image';

export interface LocalLink {
  readonly kind: LinkKind;
  /** The destination as written (without <> brackets). */
  readonly destination: string;
}

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/** A destination that names a file on this machine (not a URL, anchor or protocol-relative URL). */
export function isLocalDestination(destination: string): boolean {
  const value = destination.trim();
  return value !== '' && !SCHEME.test(value) && !value.startsWith('#') && !value.startsWith('//');
}

export function isDataUri(destination: string): boolean {
  return /^data:[a-z]+\/[a-z0-9.+-]+(;[a-z0-9=.+-]+)*;base64,/i.test(destination.trim());
}

const INLINE = /(!?)\[((?:[^[\]\\]|\\.|\[[^\]]*\])*)\]\(\s*(<[^>\n]*>|[^\s()]+(?:\([^\s()]*\)[^\s()]*)*)(\s+(?:"[^"\n]*"|'[^'\n]*'|\([^)\n]*\)))?\s*\)/g;
const REFERENCE = /^( {0,3}\[[^\]\n]+\]:[ \t]*)(<[^>\n]*>|\S+)(.*)$/gm;
const HTML_IMAGE = /(<img\b[^>]*?\bsrc\s*=\s*)("[^"]*"|'[^']*')/gi;

/**
 * Calls `replace` for every link destination outside code, and substitutes what it returns
 * (undefined keeps the original). Returns the new text.
 */
export function rewriteLinks(markdown: string, replace: (link: LocalLink) => string | undefined): string {
  return mapOutsideCode(markdown, (text) =>
    text
      .replace(INLINE, (whole, bang: string, label: string, rawDestination: string, title: string | undefined) => {
        const destination = unbracket(rawDestination);
        const next = replace({ kind: bang ? 'image' : 'link', destination });
        if (next === undefined || next === destination) return whole;
        return `${bang}[${label}](${bracketIfNeeded(next)}${title ?? ''})`;
      })
      .replace(REFERENCE, (whole, head: string, rawDestination: string, rest: string) => {
        const destination = unbracket(rawDestination);
        const next = replace({ kind: 'reference', destination });
        return next === undefined || next === destination ? whole : `${head}${bracketIfNeeded(next)}${rest}`;
      })
      .replace(HTML_IMAGE, (whole, head: string, quoted: string) => {
        const destination = quoted.slice(1, -1);
        const next = replace({ kind: 'html-image', destination });
        return next === undefined || next === destination ? whole : `${head}"${next.replace(/"/g, '&quot;')}"`;
      }),
  );
}

/** The links a publish would upload: local files and data URIs, outside code. */
export function findUploadableLinks(markdown: string): LocalLink[] {
  return findLinks(markdown).filter((link) => isDataUri(link.destination) || isLocalDestination(link.destination));
}

/** Every link destination outside code, in order of appearance (before rewriting). */
export function findLinks(markdown: string): LocalLink[] {
  const found: LocalLink[] = [];
  rewriteLinks(markdown, (link) => {
    found.push(link);
    return undefined;
  });
  return found;
}

function unbracket(destination: string): string {
  return destination.startsWith('<') && destination.endsWith('>') ? destination.slice(1, -1) : destination;
}

function bracketIfNeeded(destination: string): string {
  return /[\s()]/.test(destination) ? `<${destination}>` : destination;
}

const LIST_ITEM = /^ {0,3}(?:[-*+]|\d{1,9}[.)])(?:\s|$)/;

/**
 * Applies `map` to the parts of the document that are not code: fenced blocks, indented blocks
 * (4 columns after a blank line, outside a list; indented lines that continue a paragraph or a
 * list item are text, as CommonMark has it) and inline code spans.
 */
function mapOutsideCode(markdown: string, map: (text: string) => string): string {
  const lines = markdown.split('\n');
  const out: string[] = [];
  let buffer: string[] = [];
  let fence: string | undefined;
  let indentedCode = false;
  let afterBlank = true;
  let inList = false;
  const flush = (): void => {
    if (buffer.length > 0) out.push(mapOutsideInlineCode(buffer.join('\n'), map));
    buffer = [];
  };
  for (const line of lines) {
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence !== undefined) {
      out.push(line);
      if (marker && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) fence = undefined;
      afterBlank = false;
      continue;
    }
    if (marker) {
      flush();
      fence = marker;
      indentedCode = false;
      out.push(line);
      continue;
    }
    if (line.trim() === '') {
      (indentedCode ? out : buffer).push(line);
      afterBlank = true;
      continue;
    }
    const columns = indentColumns(line);
    if (columns >= 4 && (indentedCode || (afterBlank && !inList))) {
      if (!indentedCode) flush();
      indentedCode = true;
      out.push(line);
      afterBlank = false;
      continue;
    }
    indentedCode = false;
    if (columns < 4) inList = LIST_ITEM.test(line) || (inList && (!afterBlank || columns >= 2));
    buffer.push(line);
    afterBlank = false;
  }
  flush();
  return out.join('\n');
}

/** Leading columns of a line, a tab reaching the next multiple of 4. */
function indentColumns(line: string): number {
  let columns = 0;
  for (const character of line) {
    if (character === ' ') columns += 1;
    else if (character === '\t') columns += 4 - (columns % 4);
    else break;
  }
  return columns;
}

function mapOutsideInlineCode(text: string, map: (text: string) => string): string {
  // Replace code spans with placeholders that no link pattern can match, map, then restore.
  const spans: string[] = [];
  const masked = text.replace(/(`+)(?!`)[\s\S]*?[^`]\1(?!`)/g, (span) => {
    spans.push(span);
    return `\uE000${spans.length - 1}\uE000`;
  });
  return map(masked).replace(/\uE000(\d+)\uE000/g, (_whole, index: string) => spans[Number(index)] ?? '');
}
