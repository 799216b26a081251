import { applyDecorators, Body, Param, Query } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiHeader, ApiParam, ApiQuery, ApiResponse } from '@nestjs/swagger';
import type { OpenAPIObject } from '@nestjs/swagger';
import { z } from 'zod';
import { PROBLEM_CONTENT_TYPE } from './problem.js';
import { ZodValidationPipe } from './zod-validation.pipe.js';

/**
 * The API's contract, documented from the zod schemas the code runs:
 *
 * - **Inputs** are validated *and* documented by one parameter decorator each: {@link ZodParam},
 *   {@link ZodQuery}, {@link ZodBody} (and {@link RawBody} for uploads). There is no other way in: a
 *   handler never reads `request.params`, `request.query` or `request.body` itself.
 * - **Responses** are zod schemas given a name with {@link named} (each becomes
 *   `#/components/schemas/<name>`, converted with `io: 'output'`), documented per status with
 *   {@link ApiJsonResponse} / {@link ApiContentResponse}; error statuses with {@link ApiProblems}
 *   (the shared {@link Problem} schema as `application/problem+json`). The input decorators and
 *   `@Roles` add the problems they can cause (400, 413, 415; 401, 403) themselves.
 * - {@link withApiSchemas} puts the named schemas into the document `/openapi.json` serves.
 *
 * A new controller follows the same pattern: response schemas in `http/responses/<resource>.ts`,
 * every success and problem status on the handler. `apps/api/test/contract.e2e-spec.ts` checks real
 * responses against the document.
 */

/** The named response schemas: `components.schemas` of the OpenAPI document. */
export const apiSchemas = z.registry<{ id: string }>();

/** Names a response schema; it appears once in `components.schemas` and is referenced by `$ref`. */
export function named<T extends z.ZodType>(id: string, schema: T): T {
  const existing = apiSchemas.get(schema);
  if (existing && existing.id !== id) throw new Error(`schema already named ${existing.id}`);
  apiSchemas.add(schema, { id });
  return schema;
}

/** Request schemas are documented as what a client may send (`io: 'input'`), responses as what it gets. */
const toOpenApi = (schema: z.ZodType) => z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;

/** A `$ref` to a named schema; an unnamed one is a programming error caught when the module loads. */
function refTo(schema: z.ZodType): { $ref: string } {
  const meta = apiSchemas.get(schema);
  if (!meta) throw new Error('response schemas must be named with named(id, schema) so they appear in components.schemas');
  return { $ref: `#/components/schemas/${meta.id}` };
}

/** Adds the named schemas to a document built by Nest's SwaggerModule (call it before serving). */
export function withApiSchemas(document: OpenAPIObject): OpenAPIObject {
  const { schemas } = z.toJSONSchema(apiSchemas, { target: 'openapi-3.0', io: 'output', uri: (id) => `#/components/schemas/${id}` }) as {
    schemas: Record<string, Record<string, unknown>>;
  };
  // The converter gives each schema an `$id` (its uri), which OpenAPI 3.0 does not allow; the key names it.
  for (const schema of Object.values(schemas)) delete schema.$id;
  document.components = { ...document.components, schemas: { ...document.components?.schemas, ...schemas } };
  return document;
}

// ---------------------------------------------------------------------------------------------
// Shared response pieces

/** One bad field of a problem: a dotted path (`claims.1.anchor.exact`, `(body)`, a parameter or header name). */
export const FieldProblem = named('FieldProblem', z.strictObject({ field: z.string(), message: z.string() }));

/**
 * RFC 9457 problem details as the API sends them (see `problem.filter.ts`). Extension members (such as
 * `occurrences` of an ambiguous anchor) may follow, so the object stays open.
 */
export const Problem = named(
  'Problem',
  z.looseObject({
    type: z.string().describe('Stable, relative URI `/problems/<code>`: switch on this (or `code`), never on `detail`.'),
    title: z.string(),
    status: z.number().int().min(400).max(599),
    detail: z.string(),
    code: z.string(),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    errors: z.array(FieldProblem).optional(),
  }),
);

/** `{ items, nextCursor }`: one page of a cursor-paginated list. */
export const pageOf = (id: string, item: z.ZodType) => named(id, z.strictObject({ items: z.array(item), nextCursor: z.string().nullable() }));

/** `{ items }`: a whole (bounded) list. */
export const listOf = (id: string, item: z.ZodType) => named(id, z.strictObject({ items: z.array(item) }));

/** An ISO 8601 UTC timestamp as the API writes them (`toISOString()`). */
export const timestamp = z.iso.datetime();

// ---------------------------------------------------------------------------------------------
// Response decorators

const PROBLEM_TITLES: Record<number, string> = {
  400: 'Bad request: the problem names each bad field',
  401: 'No valid bearer token',
  403: 'The token lacks a role this needs',
  404: 'Not found',
  409: 'Conflict (a stale version, a lease held by someone else, a wrong step)',
  410: 'Gone',
  413: 'Content too large',
  415: 'Unsupported media type',
  422: 'Unprocessable: well-formed but refused by a rule',
  429: 'Too many requests',
  503: 'Service unavailable',
};

/** Documents responses of several media types for one status (`{ 'text/html': 'text', 'application/json': Schema }`). */
export const ApiContentResponse = (status: number, description: string, content: Record<string, z.ZodType | 'text' | 'binary'>) =>
  ApiResponse({
    status,
    description,
    content: Object.fromEntries(
      Object.entries(content).map(([type, schema]) => [
        type,
        { schema: schema === 'text' ? { type: 'string' } : schema === 'binary' ? { type: 'string', format: 'binary' } : refTo(schema) },
      ]),
    ),
  });

/** Documents a JSON success response with a named zod schema. */
export const ApiJsonResponse = (status: number, schema: z.ZodType, description = 'OK') => ApiContentResponse(status, description, { 'application/json': schema });

/** Documents `application/problem+json` answers with the shared {@link Problem} schema. */
export const ApiProblems = (...statuses: number[]) =>
  applyDecorators(...statuses.map((status) => ApiContentResponse(status, PROBLEM_TITLES[status] ?? 'Problem', { [PROBLEM_CONTENT_TYPE]: Problem })));

// ---------------------------------------------------------------------------------------------
// Input decorators: validate and document in one place

/** Applies method decorators from a parameter decorator (documentation that belongs to the operation). */
function onOperation(target: object, key: string | symbol | undefined, ...decorators: MethodDecorator[]) {
  const descriptor = Object.getOwnPropertyDescriptor(target, key!)!;
  for (const decorate of decorators) decorate(target, key!, descriptor);
}

/** A path parameter, validated by `schema` (a failure is a 400 naming it) and documented. */
export const ZodParam =
  (name: string, schema: z.ZodType): ParameterDecorator =>
  (target, key, index) => {
    Param(name, new ZodValidationPipe(schema, name))(target, key, index);
    onOperation(target, key, ApiParam({ name, required: true, schema: toOpenApi(schema) }), ApiProblems(400));
  };

/** The query string as one strict zod object: each field documented, unknown ones refused. */
export const ZodQuery =
  (schema: z.ZodObject): ParameterDecorator =>
  (target, key, index) => {
    Query(new ZodValidationPipe(schema))(target, key, index);
    onOperation(
      target,
      key,
      ...Object.entries(schema.shape).map(([name, field]) =>
        ApiQuery({ name, required: !(field as z.ZodType).safeParse(undefined).success, schema: toOpenApi(field as z.ZodType) }),
      ),
      ApiProblems(400),
    );
  };

/**
 * The JSON body, validated by `schema` and documented; malformed JSON, NUL or unpaired surrogates
 * anywhere in it are 400s naming the field, an oversized body 413, a non-JSON one 415.
 * `mediaTypes` adds the other encodings a route parses (the public error form).
 */
export const ZodBody =
  (schema: z.ZodType, mediaTypes: string[] = []): ParameterDecorator =>
  (target, key, index) => {
    Body(new ZodValidationPipe(schema))(target, key, index);
    onOperation(target, key, ApiBody({ schema: toOpenApi(schema) }), ...(mediaTypes.length ? [ApiConsumes('application/json', ...mediaTypes)] : []), ApiProblems(400, 413, 415));
  };

const rawBytes = z.instanceof(Buffer, { error: 'send the file as the request body' });

/** A file sent as the raw request body (its type is judged by its bytes, not by `Content-Type`). */
export const RawBody =
  (mediaTypes: string[]): ParameterDecorator =>
  (target, key, index) => {
    Body(new ZodValidationPipe(rawBytes))(target, key, index);
    onOperation(target, key, ApiConsumes(...mediaTypes), ApiBody({ schema: { type: 'string', format: 'binary' } }), ApiProblems(400, 413, 415));
  };

/** Documents a request header a parameter decorator reads and validates with `schema`. */
export const documentHeader = (target: object, key: string | symbol | undefined, name: string, schema: z.ZodType, description: string) =>
  onOperation(target, key, ApiHeader({ name, required: !schema.safeParse(undefined).success, description, schema: toOpenApi(schema) }), ApiProblems(400));
