import { type PipeTransform } from '@nestjs/common';
import { z } from 'zod';
import { DomainError, type FieldProblem } from '@app/core';

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
    if (parsed.success) return parsed.data;
    throw new DomainError('invalid', 'validation-failed', 'The request is not valid; see `errors` for each field.', fieldProblems(parsed.error, this.root));
  }
}
