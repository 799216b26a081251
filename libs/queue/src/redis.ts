import { Redis, type RedisOptions } from 'ioredis';

/**
 * Producer connections (HTTP path) fail fast when Redis is down instead of buffering commands in
 * memory; worker connections wait for Redis forever, as BullMQ requires.
 */
export function createRedis(url: string, role: 'producer' | 'worker', extra: RedisOptions = {}): Redis {
  const options: RedisOptions =
    role === 'producer'
      ? { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2000, lazyConnect: false }
      : { maxRetriesPerRequest: null, enableReadyCheck: false };
  return new Redis(url, { ...options, ...extra });
}
