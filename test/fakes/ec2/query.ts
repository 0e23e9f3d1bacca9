// Decoding of the EC2 Query protocol (form-encoded POST bodies with dotted, 1-based list keys such
// as `TagSpecification.1.Tag.2.Key`) and encoding of its XML answers.

export type QueryValue = string | QueryObject | QueryValue[];
export interface QueryObject {
  [key: string]: QueryValue;
}

/** `A.1.B=x&A.2.B=y&C=z` -> { A: [{B:'x'},{B:'y'}], C: 'z' }. */
export function parseQuery(body: string): QueryObject {
  const root: QueryObject = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const path = key.split('.');
    let node: QueryObject | QueryValue[] = root;
    for (let index = 0; index < path.length; index += 1) {
      const segment = path[index]!;
      const last = index === path.length - 1;
      const nextIsIndex = !last && /^\d+$/.test(path[index + 1]!);
      const slot: string | number = Array.isArray(node) ? Number(segment) - 1 : segment;
      const container = node as Record<string | number, QueryValue>;
      if (last) {
        container[slot] = value;
      } else {
        container[slot] ??= nextIsIndex ? [] : {};
        node = container[slot] as QueryObject | QueryValue[];
      }
    }
  }
  return root;
}

export function text(value: QueryValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function list(value: QueryValue | undefined): QueryValue[] {
  return Array.isArray(value) ? value.filter((item) => item !== undefined) : [];
}

export function object(value: QueryValue | undefined): QueryObject {
  return value && typeof value === 'object' && !Array.isArray(value) ? value : {};
}

export function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** A tiny XML builder: objects become elements, arrays become <item> lists, undefined is left out. */
export type XmlValue = string | number | boolean | undefined | XmlValue[] | { [key: string]: XmlValue };

export function xml(value: XmlValue): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return value.map((item) => `<item>${xml(item)}</item>`).join('');
  if (typeof value === 'object') {
    return Object.entries(value)
      .filter(([, child]) => child !== undefined)
      .map(([key, child]) => `<${key}>${xml(child)}</${key}>`)
      .join('');
  }
  return escapeXml(String(value));
}

export function response(action: string, requestId: string, body: Record<string, XmlValue>): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>${requestId}</requestId>${xml(body)}</${action}Response>`;
}

export function errorResponse(code: string, message: string, requestId: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`;
}
