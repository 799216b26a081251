import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@app/config';
import { AuditSigningKey, embeddedKeyFile, verifySignature } from './signing-key.js';

const config = (overrides: Record<string, string> = {}) => loadConfig({ NODE_ENV: 'test', ...overrides });

describe('the checkpoint signing key', () => {
  it('is created beside the embedded desk’s data directory on first start, owner-only, and the same key on the next', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fc-key-'));
    const settings = config({ PGLITE_DATA_DIR: join(dir, 'pg') });
    const first = AuditSigningKey.fromConfig(settings);
    const file = embeddedKeyFile(settings.PGLITE_DATA_DIR);
    expect(file).toBe(join(dir, 'audit-signing-key.pem'));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(AuditSigningKey.fromConfig(settings).keyId).toBe(first.keyId);
  });

  it('is read from AUDIT_SIGNING_KEY (with \\n escapes) or AUDIT_SIGNING_KEY_FILE', () => {
    const pem = AuditSigningKey.generatePem();
    const expected = AuditSigningKey.fromPem(pem).keyId;
    expect(AuditSigningKey.fromConfig(config({ AUDIT_SIGNING_KEY: pem.replaceAll('\n', '\\n') })).keyId).toBe(expected);
    const file = join(mkdtempSync(join(tmpdir(), 'fc-key-')), 'key.pem');
    writeFileSync(file, pem);
    expect(AuditSigningKey.fromConfig(config({ AUDIT_SIGNING_KEY_FILE: file })).keyId).toBe(expected);
    expect(readFileSync(file, 'utf8')).toBe(pem);
  });

  it('refuses a key that is not Ed25519', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => AuditSigningKey.fromPem(rsa)).toThrow('must be Ed25519');
  });

  it('signs so that only its own public key verifies, and one flipped bit fails', () => {
    const key = AuditSigningKey.generate();
    const other = AuditSigningKey.generate();
    const bytes = Buffer.from('{"number":1}');
    const signature = key.sign(bytes);
    expect(verifySignature(key.publicKeyPem, bytes, signature)).toBe(true);
    expect(verifySignature(other.publicKeyPem, bytes, signature)).toBe(false);
    const flipped = Buffer.from(signature, 'base64');
    flipped[10]! ^= 0x10;
    expect(verifySignature(key.publicKeyPem, bytes, flipped.toString('base64'))).toBe(false);
    expect(verifySignature(key.publicKeyPem, Buffer.from('{"number":2}'), signature)).toBe(false);
  });

  it('is required in production on a PostgreSQL server', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/desk' })).toThrow(/AUDIT_SIGNING_KEY/);
    expect(() => loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/desk', AUDIT_SIGNING_KEY_FILE: '/run/secrets/key' })).not.toThrow();
  });
});
