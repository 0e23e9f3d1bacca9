// Checks the GraphQL documents the fake receives against GitHub's public GraphQL schema, pruned
// to the fields in scripts/graphql/fields.txt: the document must parse and validate (fields that
// exist, arguments of the right types, variables declared and used), and its variables must be
// values of their declared types (required input fields present, no unknown ones, enum values
// that exist, IDs and base64 in GitHub's scalar formats). A document GitHub would refuse is
// recorded as a violation, and the fake's tests fail on any violation.

import { readFileSync } from 'node:fs';
import { buildSchema, getVariableValues, GraphQLError, Kind, parse, validate, type GraphQLScalarType, type GraphQLSchema } from 'graphql';

/** The formats of GitHub's own scalars that the documents use, as GitHub checks them. */
const SCALAR_FORMATS: Readonly<Record<string, { readonly test: (value: unknown) => boolean; readonly expected: string }>> = {
  // SHA-1 object IDs, or SHA-256 ones in repositories that use them.
  GitObjectID: { test: (value) => typeof value === 'string' && /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/.test(value), expected: 'a 40 or 64 digit hex object ID' },
  Base64String: {
    test: (value) => typeof value === 'string' && value.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(value),
    expected: 'a base64 string',
  },
  GitRefname: { test: (value) => typeof value === 'string' && /^refs\/\S+$/.test(value), expected: 'a fully qualified ref name (refs/...)' },
};

export class GraphqlValidator {
  private readonly schema: GraphQLSchema;

  constructor(path = new URL('./graphql-schema.graphql', import.meta.url)) {
    this.schema = buildSchema(readFileSync(path, 'utf8'));
    for (const [name, format] of Object.entries(SCALAR_FORMATS)) {
      const scalar = this.schema.getType(name) as GraphQLScalarType | undefined;
      if (!scalar) continue;
      scalar.parseValue = (value: unknown) => {
        if (!format.test(value)) throw new GraphQLError(`${JSON.stringify(value)} is not ${format.expected}`);
        return value;
      };
    }
  }

  /** Whether the pruned schema has `type.field` (scripts/graphql/fields.txt lists what it should). */
  hasField(type: string, field: string): boolean {
    const found = this.schema.getType(type);
    return found !== undefined && 'getFields' in found && field in found.getFields();
  }

  /** What GitHub would refuse in this request body (`{ query, variables }`); empty when nothing. */
  check(body: unknown): string[] {
    const { query, variables } = (body ?? {}) as { query?: unknown; variables?: unknown };
    if (typeof query !== 'string') return ['the body has no "query" string'];
    if (variables !== undefined && (typeof variables !== 'object' || variables === null || Array.isArray(variables))) return ['"variables" is not an object'];
    let document;
    try {
      document = parse(query);
    } catch (error) {
      return [`the document does not parse: ${(error as Error).message}`];
    }
    const invalid = validate(this.schema, document);
    if (invalid.length > 0) return invalid.map((error) => error.message);
    const operations = document.definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION);
    if (operations.length !== 1) return [`the document has ${operations.length} operations; the client sends one`];
    const coerced = getVariableValues(this.schema, operations[0]!.variableDefinitions ?? [], (variables ?? {}) as Record<string, unknown>);
    return coerced.errors?.map((error) => error.message) ?? [];
  }
}
