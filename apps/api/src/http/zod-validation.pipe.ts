import { type PipeTransform } from '@nestjs/common';
import { z } from 'zod';
import { DomainError, type FieldProblem } from '@app/core';
import { isWellFormedText } from '@app/text';

/** Turns zod issues into one problem per offending field, with dotted paths (`claims.2.anchor.exact`). */
export function fieldProblems(error: z.ZodError, root = ''): FieldProblem[] {
  const join = (path: PropertyKey[]) => [root, ...path.map(String)].filter(Boolean).join('.') || '(body)';
  return error.issues.flatMap((issue): FieldProblem[] =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ field: join([...issue.path, key]), message: 'unknown field' }))
      : [{ field: join(issue.path), message: issue.message }],
  );
}

/** Validates (and coerces) a body, query or parameter with a zod schema; failures are 400 problem details. */
export class ZodValidationPipe<T extends z.ZodType> implements PipeTransform<unknown, z.infer<T>> {
  constructor(
    private readonly schema: T,
    private readonly root = '',
  ) {}

  transform(value: unknown): z.infer<T> {
    const parsed = this.schema.safeParse(value);
    if (parsed.success) {
      // PostgreSQL text cannot hold NUL, and a lone surrogate cannot be stored as UTF-8: refuse both
      // here, for every field, instead of failing in SQL with a 500.
      const malformed = malformedStrings(parsed.data).map((path) => ({ field: [this.root, ...path].filter(Boolean).join('.') || '(body)', message: 'not well-formed Unicode text (NUL or unpaired surrogate)' }));
      if (malformed.length) throw new DomainError('invalid', 'malformed-text', 'Text contains unpaired surrogates or NUL characters.', malformed);
      return parsed.data;
    }
    throw new DomainError('invalid', 'validation-failed', 'The request is not valid; see `errors` for each field.', fieldProblems(parsed.error, this.root));
  }
}

/** Paths of the strings in `value` that are not well-formed text. */
function malformedStrings(value: unknown, path: string[] = []): string[][] {
  if (typeof value === 'string') return isWellFormedText(value) ? [] : [path];
  if (Array.isArray(value)) return value.flatMap((item, index) => malformedStrings(item, [...path, String(index)]));
  // Only the plain objects a parse produces: a raw upload (a Buffer) is bytes, not text.
  if (value !== null && typeof value === 'object' && [Object.prototype, null].includes(Object.getPrototypeOf(value))) return Object.entries(value).flatMap(([key, item]) => malformedStrings(item, [...path, key]));
  return [];
}
