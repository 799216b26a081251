import { z } from 'zod';

export const uuidParam = z.uuid({ error: 'must be a UUID' });
export const limitParam = z.coerce.number().int().min(1).max(200).default(50);
export const isoDateTime = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time with a time zone' });
/** Idempotency-Key header: printable ASCII, at most 200 characters. */
export const idempotencyKeyHeader = z.string().regex(/^[\x21-\x7e]{1,200}$/, 'printable ASCII, 1 to 200 characters').optional();
