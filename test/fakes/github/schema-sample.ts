// Builds a minimal object that satisfies a schema of GitHub's OpenAPI description: every required
// property present with a plausible value. The fake overlays the fields it cares about, so its
// answers carry the full shape real clients may read, without hand-writing 70-field objects.

import { readFileSync } from 'node:fs';

type Schema = Record<string, unknown>;

const document = JSON.parse(readFileSync(new URL('./openapi.json', import.meta.url), 'utf8')) as { components: { schemas: Record<string, Schema> } };

export function sample(schemaName: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const schema = document.components.schemas[schemaName];
  if (!schema) throw new Error(`no schema ${schemaName} in the pruned description; add its operation to scripts/openapi/operations.txt`);
  const base = build(schema, 0) as Record<string, unknown>;
  return deepMerge(base, overrides);
}

function build(input: Schema, depth: number): unknown {
  const schema = resolve(input);
  if (depth > 12) return null;
  if (schema.nullable === true) return null;
  if (Array.isArray(schema.allOf)) {
    return (schema.allOf as Schema[]).reduce<Record<string, unknown>>(
      (merged, part) => ({ ...merged, ...(build(part, depth + 1) as Record<string, unknown>) }),
      {},
    );
  }
  const choice = (schema.oneOf ?? schema.anyOf) as Schema[] | undefined;
  if (choice?.[0]) return build(choice[0], depth + 1);
  if (Array.isArray(schema.enum)) return schema.enum[0];
  switch (schema.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      const properties = (schema.properties ?? {}) as Record<string, Schema>;
      for (const name of (schema.required ?? []) as string[]) {
        out[name] = properties[name] ? build(properties[name], depth + 1) : null;
      }
      return out;
    }
    case 'array':
      return [];
    case 'integer':
    case 'number':
      return 1;
    case 'boolean':
      return false;
    case 'string':
      if (schema.format === 'uri') return 'https://api.github.com/';
      if (schema.format === 'date-time') return '2026-01-01T00:00:00Z';
      if (schema.format === 'email') return 'user@example.com';
      return '';
    default:
      if (schema.properties) return build({ ...schema, type: 'object' }, depth);
      return null;
  }
}

function resolve(schema: Schema): Schema {
  const ref = schema.$ref;
  if (typeof ref !== 'string') return schema;
  const name = ref.split('/').pop() ?? '';
  const target = document.components.schemas[name];
  if (!target) throw new Error(`unresolved ${ref}`);
  return resolve(target);
}

function deepMerge(base: Record<string, unknown>, overrides: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    const current = out[key];
    out[key] =
      value && typeof value === 'object' && !Array.isArray(value) && current && typeof current === 'object' && !Array.isArray(current)
        ? deepMerge(current as Record<string, unknown>, value as Record<string, unknown>)
        : value;
  }
  return out;
}
