import { ConfigError, loadConfig } from './config.schema.js';

describe('loadConfig', () => {
  it('defaults to the embedded database with its queues in it when nothing is configured', () => {
    const config = loadConfig({});
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.PGLITE_DATA_DIR).toBe('./.data/pg');
    expect(config.REDIS_URL).toBeUndefined();
    expect(config.QUEUE_BACKEND).toBe('postgres');
    expect(config.PORT).toBe(3000);
    expect({ idle: config.SESSION_IDLE_MINUTES, max: config.SESSION_MAX_HOURS, secure: config.SESSION_COOKIE_SECURE }).toEqual({ idle: 720, max: 168, secure: false });
  });

  it('takes DATABASE_URL and REDIS_URL from the environment, and puts the queues in Redis when it is set', () => {
    const config = loadConfig({ DATABASE_URL: 'postgresql://u@db:5433/x', REDIS_URL: 'redis://cache:6380/2' });
    expect(config.DATABASE_URL).toBe('postgresql://u@db:5433/x');
    expect(config.REDIS_URL).toBe('redis://cache:6380/2');
    expect(config.QUEUE_BACKEND).toBe('redis');
  });

  it('keeps the queues in PostgreSQL when asked to, even with REDIS_URL set', () => {
    expect(loadConfig({ REDIS_URL: 'redis://cache:6380', QUEUE_BACKEND: 'postgres' }).QUEUE_BACKEND).toBe('postgres');
  });

  it('takes a read replica beside DATABASE_URL, and refuses one without it (the embedded database has none)', () => {
    const config = loadConfig({ DATABASE_URL: 'postgresql://u@db/x', DATABASE_READ_URL: 'postgresql://u@replica/x' });
    expect(config.DATABASE_READ_URL).toBe('postgresql://u@replica/x');
    expect(loadConfig({ DATABASE_URL: 'postgresql://u@db/x' }).DATABASE_READ_URL).toBeUndefined();
    expect(() => loadConfig({ DATABASE_READ_URL: 'postgresql://u@replica/x' })).toThrow(/DATABASE_READ_URL needs DATABASE_URL/);
  });

  it('takes a QUEUE_PREFIX that is a Redis Cluster hash tag, so every key of the queues lands in one slot', () => {
    expect(loadConfig({ QUEUE_PREFIX: '{fc}' }).QUEUE_PREFIX).toBe('{fc}');
    expect(loadConfig({ QUEUE_PREFIX: 'fc-staging' }).QUEUE_PREFIX).toBe('fc-staging');
  });

  it('refuses QUEUE_BACKEND=redis without REDIS_URL, naming both', () => {
    expect(() => loadConfig({ QUEUE_BACKEND: 'redis' })).toThrow(/QUEUE_BACKEND is redis but REDIS_URL is not set/);
  });

  it.each([
    ['DATABASE_URL', 'mysql://localhost/x'],
    ['REDIS_URL', 'not a url'],
    ['PORT', 'eighty'],
    ['MAX_BODY_BYTES', '-1'],
    ['QUEUE_PREFIX', 'a:b'],
    ['QUEUE_PREFIX', '{a}b'],
    ['QUEUE_PREFIX', '{{a}}'],
    ['DATABASE_READ_URL', 'mysql://replica/x'],
    ['QUEUE_BACKEND', 'kafka'],
    ['EMBEDDED_PG_PORT', '70000'],
    ['SESSION_IDLE_MINUTES', '0'],
    ['SESSION_MAX_HOURS', 'a week'],
    ['SESSION_COOKIE_SECURE', 'yes'],
  ])('refuses a bad %s with one line naming it', (name, value) => {
    let error: unknown;
    try {
      loadConfig({ [name]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain(name);
    expect(message).not.toContain('\n');
  });
});
