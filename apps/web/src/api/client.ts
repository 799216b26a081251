import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';

/** An RFC 9457 problem the API answered with; screens show it with `ProblemMessage` / `ConflictNotice`. */
export interface Problem {
  type: string;
  title?: string;
  status: number;
  detail?: string;
  code?: string;
  /** Bad fields, named by their JSON path (`anchor.exact`, `publishedAt`). */
  errors?: { field: string; message: string }[];
  [extra: string]: unknown;
}

/** The error every hook throws for a non-2xx answer, carrying the problem the API sent. */
export class ApiProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
    this.name = 'ApiProblem';
  }

  get status(): number {
    return this.problem.status;
  }

  /** True for a stale write (409): someone else changed the resource first. */
  get isConflict(): boolean {
    return this.problem.status === 409;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

let csrfToken: string | null = null;
let onUnauthenticated: () => void = () => undefined;

/** The session's CSRF token (from sign-in or `GET /v1/session`), sent on every write. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** What to do when the API answers 401 to a signed-in request: the app drops the session and shows sign-in. */
export function setUnauthenticatedHandler(handler: () => void): void {
  onUnauthenticated = handler;
}

/** Sends the CSRF token on writes and reports an expired session. */
export const sessionMiddleware: Middleware = {
  onRequest({ request }) {
    if (!SAFE_METHODS.has(request.method) && csrfToken) request.headers.set('X-CSRF-Token', csrfToken);
    return request;
  },
  onResponse({ request, response }) {
    // A 401 from the sign-in endpoints is the answer itself (wrong password), not an expired session.
    if (response.status === 401 && !new URL(request.url).pathname.startsWith('/v1/session')) onUnauthenticated();
    return response;
  },
};

/**
 * The one API client: typed by the paths generated from `/openapi.json`, same origin, the session cookie
 * sent by the browser. No other code calls fetch.
 */
export const api = createClient<paths>({ baseUrl: window.location.origin, credentials: 'same-origin' });
api.use(sessionMiddleware);

/** What openapi-fetch returns for one call. */
interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The body of a successful answer, or an {@link ApiProblem} thrown for any other. */
export async function unwrap<T>(call: Promise<FetchResult<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (response.ok) return data as T;
  throw new ApiProblem(toProblem(error, response));
}

function toProblem(error: unknown, response: Response): Problem {
  if (error && typeof error === 'object' && 'status' in error) return error as Problem;
  return { type: 'about:blank', status: response.status, title: response.statusText };
}
