// Content addressing and media types for published assets: the same bytes always get the same
// name, so an image is stored once however many reports use it.

import { createHash } from 'node:crypto';
import { extname } from 'node:path';

const TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.bmp': 'image/bmp',
  '.ico': 'image/x-icon',
  '.pdf': 'application/pdf',
  '.html': 'text/html',
  '.htm': 'text/html',
  '.csv': 'text/csv',
  '.tsv': 'text/tab-separated-values',
  '.json': 'application/json',
  '.txt': 'text/plain',
  '.md': 'text/markdown',
  '.yaml': 'application/yaml',
  '.yml': 'application/yaml',
};

export function contentTypeOf(fileName: string): string {
  return TYPES[extname(fileName).toLowerCase()] ?? 'application/octet-stream';
}

export function extensionOf(contentType: string): string {
  const entry = Object.entries(TYPES).find(([, type]) => type === contentType.toLowerCase());
  return entry ? entry[0] : '.bin';
}

export function isImage(contentType: string): boolean {
  return contentType.startsWith('image/');
}

export interface Asset {
  readonly bytes: Buffer;
  readonly contentType: string;
  /** sha256 of the bytes, hex. */
  readonly digest: string;
  /** Content-addressed path in the asset store: `assets/ab/abcdef….png`. */
  readonly path: string;
}

export function makeAsset(bytes: Buffer, contentType: string, extension: string): Asset {
  const digest = createHash('sha256').update(bytes).digest('hex');
  const suffix = extension.startsWith('.') ? extension.toLowerCase() : `.${extension.toLowerCase()}`;
  return { bytes, contentType, digest, path: `assets/${digest.slice(0, 2)}/${digest}${suffix}` };
}

/** `data:image/png;base64,....` -> bytes and type; undefined if it is not a base64 data URI. */
export function decodeDataUri(uri: string): { bytes: Buffer; contentType: string } | undefined {
  const match = /^data:([a-z]+\/[a-z0-9.+-]+)((?:;[a-z0-9=.+-]+)*);base64,([A-Za-z0-9+/=\s]*)$/i.exec(uri.trim());
  if (!match?.[1] || match[3] === undefined) return undefined;
  return { bytes: Buffer.from(match[3].replace(/\s+/g, ''), 'base64'), contentType: match[1].toLowerCase() };
}
