// autocannon against the service's HTTP API with a bearer token: fixed or generated request bodies, and
// list endpoints walked page by page through their nextCursor. Shared by the api and deployments benches.
import autocannon from 'autocannon';

export interface Target {
  name: string;
  role: 'ours' | 'baseline';
  method: 'GET' | 'POST';
  path: (cursor?: string) => string;
  body?: (i: number) => string;
  /** Keeps following nextCursor, back to the first page at the end. */
  cursor?: boolean;
}

const CURSOR = /"nextCursor":"([^"]+)"/;

/** Runs autocannon (no pipelining) for `seconds` with `connections` against one target. */
export async function cannon(base: string, token: string, target: Target, options: { seconds: number; connections: number }) {
  let counter = 0;
  // autocannon resets a connection's context after each pass over `requests`, so cursors live here:
  // every response hands its nextCursor to the next request (N connections walk N cursors at once),
  // and a walk that reaches the end starts again from the first page.
  const cursors: string[] = [];
  return autocannon({
    url: base,
    connections: options.connections,
    pipelining: 1,
    duration: options.seconds,
    timeout: 30,
    requests: [
      {
        method: target.method,
        setupRequest: (request) => ({
          ...request,
          method: target.method,
          path: target.path(target.cursor ? cursors.shift() : undefined),
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          ...(target.body ? { body: target.body(counter++) } : {}),
        }),
        onResponse: target.cursor
          ? (status, body) => {
              // The cursor is at the end of the body; a regular expression is far cheaper than JSON.parse
              // here (the load generator shares the machine with the server).
              const next = status === 200 ? CURSOR.exec(body.slice(-400))?.[1] : undefined;
              if (next) cursors.push(next);
            }
          : undefined,
      },
    ],
  });
}

/** The first nextCursor in a list response body (null on the last page). */
export const nextCursorOf = (body: string): string | null => CURSOR.exec(body.slice(-400))?.[1] ?? null;
