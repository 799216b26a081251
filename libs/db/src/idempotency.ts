import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { EntityManager } from 'typeorm';
import { DomainError } from '@app/core';

export interface IdempotencyRequest {
  actorId: string;
  key: string;
  /** Anything that identifies the request: method, route, parameters and body. */
  request: unknown;
}

export const requestFingerprint = (request: unknown) =>
  createHash('sha256').update(canonicalize(request) ?? 'null').digest('hex');

/**
 * Runs `create` at most once per (actor, key), inside the caller's transaction. A concurrent duplicate
 * waits on the key's row lock and then replays the first response; a key reused for a different
 * request is a 422.
 */
export async function onceForKey<T>(
  manager: EntityManager,
  idempotency: IdempotencyRequest | undefined,
  create: () => Promise<T>,
): Promise<{ result: T; replayed: boolean }> {
  if (!idempotency) return { result: await create(), replayed: false };
  const fingerprint = requestFingerprint(idempotency.request);
  const inserted: unknown[] = await manager.query(
    `INSERT INTO idempotency_keys (actor_id, key, request_hash, response) VALUES ($1, $2, $3, 'null')
     ON CONFLICT DO NOTHING RETURNING key`,
    [idempotency.actorId, idempotency.key, fingerprint],
  );
  if (inserted.length === 0) {
    const [existing]: { request_hash: string; response: T }[] = await manager.query(
      'SELECT request_hash, response FROM idempotency_keys WHERE actor_id = $1 AND key = $2',
      [idempotency.actorId, idempotency.key],
    );
    if (existing!.request_hash !== fingerprint) {
      throw new DomainError('unprocessable', 'idempotency-key-reused', 'This Idempotency-Key was already used for a different request.', [
        { field: 'Idempotency-Key', message: 'already used for a different request' },
      ]);
    }
    return { result: existing!.response, replayed: true };
  }
  const result = await create();
  await manager.query('UPDATE idempotency_keys SET response = $3 WHERE actor_id = $1 AND key = $2', [
    idempotency.actorId,
    idempotency.key,
    JSON.stringify(result),
  ]);
  return { result, replayed: false };
}
