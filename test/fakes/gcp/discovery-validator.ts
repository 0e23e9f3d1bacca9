// Checks a request body against schemas in Google's API discovery format (the pruned Compute v1
// description beside this file): unknown properties, wrong types, values outside an enum, int64
// sent as anything but a decimal string. Returns one message per problem, with its path.

export interface DiscoverySchema {
  readonly type?: string;
  readonly format?: string;
  readonly $ref?: string;
  readonly enum?: readonly string[];
  readonly properties?: Readonly<Record<string, DiscoverySchema>>;
  readonly additionalProperties?: DiscoverySchema;
  readonly items?: DiscoverySchema;
}

export function validateDiscovery(value: unknown, schema: DiscoverySchema, schemas: Readonly<Record<string, DiscoverySchema>>, path = '$'): string[] {
  const resolved = schema.$ref ? schemas[schema.$ref] : schema;
  if (!resolved) return [`${path}: unknown schema ${schema.$ref}`];
  switch (resolved.type) {
    case 'string':
      if (typeof value !== 'string') return [`${path}: expected a string${resolved.format ? ` (${resolved.format})` : ''}, got ${JSON.stringify(value)}`];
      if (resolved.format && /^u?int64$/.test(resolved.format) && !/^-?\d+$/.test(value)) return [`${path}: "${value}" is not an ${resolved.format}`];
      if (resolved.enum && !resolved.enum.includes(value)) return [`${path}: "${value}" is not one of ${resolved.enum.join(', ')}`];
      return [];
    case 'integer':
      return Number.isInteger(value) ? [] : [`${path}: expected an integer, got ${JSON.stringify(value)}`];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${path}: expected a boolean, got ${JSON.stringify(value)}`];
    case 'array':
      if (!Array.isArray(value)) return [`${path}: expected an array`];
      return resolved.items ? value.flatMap((item, index) => validateDiscovery(item, resolved.items!, schemas, `${path}[${index}]`)) : [];
    case 'object': {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return [`${path}: expected an object`];
      const problems: string[] = [];
      for (const [key, child] of Object.entries(value)) {
        const property = resolved.properties?.[key] ?? resolved.additionalProperties;
        if (!property) {
          if (resolved.properties) problems.push(`${path}.${key}: not a property of ${(resolved as { id?: string }).id ?? 'this object'}`);
          continue;
        }
        problems.push(...validateDiscovery(child, property, schemas, `${path}.${key}`));
      }
      return problems;
    }
    default:
      return [];
  }
}
