import { DomainError } from './domain-error.js';

/** Opaque keyset cursor over (createdAt, id). */
export interface CreatedCursor {
  createdAt: Date;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO_MILLIS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export const encodeCursor = (cursor: CreatedCursor): string =>
  Buffer.from(JSON.stringify([cursor.createdAt.toISOString(), cursor.id]), 'utf8').toString('base64url');

export function decodeCursor(value: string): CreatedCursor {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as [string, string];
    const date = new Date(createdAt);
    // Exactly what encodeCursor writes: anything else (a non-UUID id, a date PostgreSQL cannot hold) would fail in SQL.
    if (typeof id !== 'string' || !UUID.test(id) || typeof createdAt !== 'string' || !ISO_MILLIS.test(createdAt) || Number.isNaN(date.getTime())) {
      throw new Error('bad cursor');
    }
    return { createdAt: date, id };
  } catch {
    throw new DomainError('invalid', 'invalid-cursor', 'The cursor is not one this API returned.', [
      { field: 'cursor', message: 'not a valid cursor' },
    ]);
  }
}
