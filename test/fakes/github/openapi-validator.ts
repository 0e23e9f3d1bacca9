// Checks requests (and the fake's own responses) against GitHub's OpenAPI description, pruned to
// the operations in scripts/openapi/operations.txt. A request the real API would reject for its
// shape — unknown route, wrong method, a body missing `body`, a string where an integer belongs —
// is recorded as a violation, and the fake's tests fail on any violation.

import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS with a default export.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: Record<string, unknown>;
}

export interface Operation {
  readonly method: string;
  readonly template: string;
  readonly pattern: RegExp;
  readonly pathNames: readonly string[];
  readonly literalSegments: number;
  readonly parameters: readonly Parameter[];
  readonly bodyPointer: string | undefined;
  readonly bodyRequired: boolean;
  readonly responses: Readonly<Record<string, string | undefined>>;
}

interface Document {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: Array<Parameter | { $ref: string }>;
        requestBody?: { required?: boolean; content?: Record<string, { schema?: unknown }> };
        responses?: Record<string, unknown>;
      }
    >
  >;
  components: { parameters?: Record<string, Parameter>; responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> };
}

const DOCUMENT_ID = 'github-openapi.json';

export class OpenApiValidator {
  private readonly document: Document;
  private readonly ajv: Ajv;
  private readonly operations: Operation[] = [];
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(path = new URL('./openapi.json', import.meta.url)) {
    this.document = allowNullWithoutType(JSON.parse(readFileSync(path, 'utf8'))) as Document;
    this.ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true, coerceTypes: false });
    addFormats(this.ajv);
    this.ajv.addSchema(this.document as unknown as Record<string, unknown>, DOCUMENT_ID);
    for (const [template, methods] of Object.entries(this.document.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        const pathNames: string[] = [];
        const source = template
          .split('/')
          .map((segment) => {
            const name = /^\{(.+)\}$/.exec(segment)?.[1];
            if (!name) return segment.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
            pathNames.push(name);
            // {path} in the contents API spans slashes; every other parameter is one segment.
            return name === 'path' ? '(.+)' : '([^/]+)';
          })
          .join('/');
        const parameters = (operation.parameters ?? []).map((parameter) => this.deref<Parameter>(parameter));
        const json = operation.requestBody?.content?.['application/json'];
        const responses: Record<string, string | undefined> = {};
        for (const [status, response] of Object.entries(operation.responses ?? {})) {
          responses[status] = this.responsePointer(template, method, status, response);
        }
        this.operations.push({
          method: method.toUpperCase(),
          template,
          pattern: new RegExp(`^${source}$`),
          pathNames,
          literalSegments: template.split('/').filter((segment) => segment && !segment.startsWith('{')).length,
          parameters,
          bodyPointer: json?.schema ? `${DOCUMENT_ID}#/paths/${escape(template)}/${method}/requestBody/content/application~1json/schema` : undefined,
          bodyRequired: operation.requestBody?.required ?? false,
          responses,
        });
      }
    }
    // Prefer the most specific template: /issues/comments/{id} over /issues/{number}/comments.
    this.operations.sort((a, b) => b.literalSegments - a.literalSegments);
  }

  /** The operation for a method and path, with its decoded path parameters. */
  match(method: string, pathname: string): { operation: Operation; params: Record<string, string> } | undefined {
    for (const operation of this.operations) {
      if (operation.method !== method) continue;
      const found = operation.pattern.exec(pathname);
      if (!found) continue;
      const params: Record<string, string> = {};
      operation.pathNames.forEach((name, index) => {
        params[name] = decodeURIComponent(found[index + 1] ?? '');
      });
      return { operation, params };
    }
    return undefined;
  }

  /** Problems with a request, as readable lines; empty when the request fits the description. */
  checkRequest(operation: Operation, params: Record<string, string>, query: URLSearchParams, body: unknown, hasBody: boolean): string[] {
    const problems: string[] = [];
    const where = `${operation.method} ${operation.template}`;
    for (const parameter of operation.parameters) {
      if (parameter.in === 'header') continue;
      const raw = parameter.in === 'path' ? params[parameter.name] : (query.get(parameter.name) ?? undefined);
      if (raw === undefined) {
        if (parameter.required) problems.push(`${where}: missing required ${parameter.in} parameter ${parameter.name}`);
        continue;
      }
      const schema = parameter.schema ?? {};
      const value = coerce(raw, schema);
      const validate = this.compile(`param:${where}:${parameter.name}`, schema);
      if (!validate(value)) problems.push(`${where}: ${parameter.in} parameter ${parameter.name}=${raw}: ${this.ajv.errorsText(validate.errors)}`);
    }
    const known = new Set(operation.parameters.filter((p) => p.in === 'query').map((p) => p.name));
    for (const name of query.keys()) {
      if (!known.has(name)) problems.push(`${where}: unknown query parameter ${name}`);
    }
    if (operation.bodyPointer) {
      if (!hasBody) {
        if (operation.bodyRequired) problems.push(`${where}: missing JSON body`);
      } else {
        const validate = this.compileRef(operation.bodyPointer);
        if (!validate(body)) problems.push(`${where}: body ${this.ajv.errorsText(validate.errors, { dataVar: 'body' })}`);
      }
    } else if (hasBody && operation.method !== 'GET' && body !== undefined && JSON.stringify(body) !== '{}') {
      problems.push(`${where}: takes no body`);
    }
    return problems;
  }

  /** Problems with a response the fake produced (keeps the fake honest about GitHub's shapes). */
  checkResponse(operation: Operation, status: number, body: unknown): string[] {
    const where = `${operation.method} ${operation.template} -> ${status}`;
    if (!(String(status) in operation.responses)) {
      // GitHub documents the usual statuses; 401/5xx and secondary limits are not listed per operation.
      if (status >= 400) return [];
      return [`${where}: status not in the description (${Object.keys(operation.responses).join(', ')})`];
    }
    const pointer = operation.responses[String(status)];
    if (!pointer || body === undefined) return [];
    const validate = this.compileRef(pointer);
    return validate(body) ? [] : [`${where}: response ${this.ajv.errorsText(validate.errors, { dataVar: 'response' })}`];
  }

  private responsePointer(template: string, method: string, status: string, response: unknown): string | undefined {
    const ref = (response as { $ref?: string }).$ref;
    if (ref) {
      const name = ref.split('/').pop() ?? '';
      return this.document.components.responses?.[name]?.content?.['application/json']?.schema
        ? `${DOCUMENT_ID}#/components/responses/${name}/content/application~1json/schema`
        : undefined;
    }
    const content = (response as { content?: Record<string, { schema?: unknown }> }).content?.['application/json'];
    return content?.schema ? `${DOCUMENT_ID}#/paths/${escape(template)}/${method}/responses/${status}/content/application~1json/schema` : undefined;
  }

  private deref<T>(node: T | { $ref: string }): T {
    const ref = (node as { $ref?: string }).$ref;
    if (!ref) return node as T;
    const [, , kind, name] = ref.split('/');
    return (this.document.components as Record<string, Record<string, unknown>>)[kind ?? '']?.[name ?? ''] as T;
  }

  private compile(key: string, schema: Record<string, unknown>): ValidateFunction {
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(schema);
      this.compiled.set(key, validate);
    }
    return validate;
  }

  private compileRef(pointer: string): ValidateFunction {
    return this.compile(pointer, { $ref: pointer });
  }
}

function escape(template: string): string {
  return template.replace(/~/g, '~0').replace(/\//g, '~1').replace(/\{/g, '%7B').replace(/\}/g, '%7D');
}

function coerce(raw: string, schema: Record<string, unknown>): unknown {
  if (schema.type === 'integer' || schema.type === 'number') return /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
  if (schema.type === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : raw;
  return raw;
}

/**
 * OpenAPI 3.0 allows `nullable: true` beside `anyOf` with no `type` (e.g. an installation's
 * `account`); ajv does not. Such a schema becomes `anyOf: [..., { type: 'null' }]`, and a nullable
 * enum gets null among its values.
 */
function allowNullWithoutType(node: unknown): unknown {
  if (Array.isArray(node)) {
    node.forEach(allowNullWithoutType);
  } else if (node && typeof node === 'object') {
    const schema = node as Record<string, unknown>;
    for (const value of Object.values(schema)) allowNullWithoutType(value);
    const choices = schema.anyOf ?? schema.oneOf;
    if (schema.nullable === true && schema.type === undefined && Array.isArray(choices)) {
      delete schema.nullable;
      choices.push({ type: 'null' });
    }
    // A nullable enum (a check run's `conclusion`) lists its values but not null; ajv wants it listed.
    if (schema.nullable === true && Array.isArray(schema.enum) && !schema.enum.includes(null)) schema.enum.push(null);
  }
  return node;
}
