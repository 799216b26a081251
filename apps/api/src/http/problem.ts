import type { FieldProblem } from '@app/core';

/** RFC 9457 problem details as this API sends them. */
export interface Problem {
  /** Stable, relative URI: `/problems/<code>`. Clients should switch on this (or `code`), never on `detail`. */
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  requestId?: string;
  errors?: FieldProblem[];
  [extra: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function problem(status: number, code: string, title: string, detail: string, errors?: FieldProblem[]): Problem {
  return { type: `/problems/${code}`, title, status, detail, code, ...(errors && errors.length ? { errors } : {}) };
}
