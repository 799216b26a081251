import { DomainError } from './domain-error.js';

/** Opaque keyset cursor over (createdAt, id). */
export interface CreatedCursor {
  createdAt: Date;
  id: string;
}

export const encodeCursor = (cursor: CreatedCursor): string =>
  Buffer.from(JSON.stringify([cursor.createdAt.toISOString(), cursor.id]), 'utf8').toString('base64url');

export function decodeCursor(value: string): CreatedCursor {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as [string, string];
    const date = new Date(createdAt);
    if (typeof id !== 'string' || !/^[0-9a-f-]{36}$/.test(id) || Number.isNaN(date.getTime())) throw new Error('bad cursor');
    return { createdAt: date, id };
  } catch {
    throw new DomainError('invalid', 'invalid-cursor', 'The cursor is not one this API returned.', [
      { field: 'cursor', message: 'not a valid cursor' },
    ]);
  }
}
