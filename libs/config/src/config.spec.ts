import { ConfigError, loadConfig } from './config.schema.js';

describe('loadConfig', () => {
  it('defaults to the local PostgreSQL and Redis', () => {
    const config = loadConfig({});
    expect(config.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/factcheck');
    expect(config.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(config.PORT).toBe(3000);
  });

  it('takes DATABASE_URL and REDIS_URL from the environment', () => {
    const config = loadConfig({ DATABASE_URL: 'postgresql://u@db:5433/x', REDIS_URL: 'redis://cache:6380/2' });
    expect(config.DATABASE_URL).toBe('postgresql://u@db:5433/x');
    expect(config.REDIS_URL).toBe('redis://cache:6380/2');
  });

  it.each([
    ['DATABASE_URL', 'mysql://localhost/x'],
    ['REDIS_URL', 'not a url'],
    ['PORT', 'eighty'],
    ['MAX_BODY_BYTES', '-1'],
    ['QUEUE_PREFIX', 'a:b'],
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
