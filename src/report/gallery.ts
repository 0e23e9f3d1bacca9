// The plots section of a report: images at a size that fits a comment. GitHub shows an image at
// its natural width, and the charts are drawn at twice their size for sharp screens, so each is
// given its chart size in CSS pixels (never wider than MAX_WIDTH); charts narrow enough go two to
// a row. HTML <img> tags because Markdown images cannot be sized.

export interface GalleryImage {
  /** Link as written in the report (relative to it). */
  readonly src: string;
  readonly title: string;
  /** Chart size in CSS pixels. */
  readonly width: number;
}

export const MAX_WIDTH = 700;
const PAIR_WIDTH = MAX_WIDTH / 2;

export function gallerySection(images: readonly GalleryImage[], heading = '### Plots'): string[] {
  if (images.length === 0) return [];
  const lines = [heading, ''];
  let index = 0;
  while (index < images.length) {
    const first = images[index]!;
    const second = images[index + 1];
    if (second && first.width <= PAIR_WIDTH && second.width <= PAIR_WIDTH) {
      lines.push(`${tag(first)} ${tag(second)}`, '');
      index += 2;
    } else {
      lines.push(tag(first), '');
      index += 1;
    }
  }
  return lines;
}

function tag(image: GalleryImage): string {
  const width = Math.min(MAX_WIDTH, Math.round(image.width));
  return `<img src="${attribute(image.src)}" alt="${attribute(image.title)}" title="${attribute(image.title)}" width="${width}">`;
}

function attribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A PNG's width in pixels (from its header); undefined for anything else. */
export function pngWidth(bytes: Buffer): number | undefined {
  if (bytes.length < 24 || bytes.toString('latin1', 1, 4) !== 'PNG') return undefined;
  return bytes.readUInt32BE(16);
}
