import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { AppConfig } from '@app/config';

/** The id of an Ed25519 public key: the first 16 hex digits of sha256 over its DER SubjectPublicKeyInfo. */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

/** Ed25519 over the statement bytes; false for a malformed key or signature rather than an exception. */
export function verifySignature(publicKeyPem: string, bytes: Buffer, signatureBase64: string): boolean {
  try {
    return verify(null, bytes, createPublicKey(publicKeyPem), Buffer.from(signatureBase64, 'base64'));
  } catch {
    return false;
  }
}

/** The desk's checkpoint signing key (Ed25519, node:crypto). */
export class AuditSigningKey {
  readonly keyId: string;
  readonly publicKeyPem: string;

  private constructor(private readonly privateKey: KeyObject) {
    if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`the audit signing key must be Ed25519, not ${privateKey.asymmetricKeyType}`);
    const publicKey = createPublicKey(privateKey);
    this.keyId = keyIdOf(publicKey);
    this.publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  }

  sign(bytes: Buffer): string {
    return sign(null, bytes, this.privateKey).toString('base64');
  }

  static fromPem(pem: string): AuditSigningKey {
    return new AuditSigningKey(createPrivateKey(pem.replaceAll('\\n', '\n')));
  }

  /** A fresh key that lives as long as the process (benches and tests). */
  static generate(): AuditSigningKey {
    return new AuditSigningKey(generateKeyPairSync('ed25519').privateKey);
  }

  /** PKCS#8 PEM of a fresh key, for a key file. */
  static generatePem(): string {
    return generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  }

  /**
   * The configured key: AUDIT_SIGNING_KEY (PEM), else AUDIT_SIGNING_KEY_FILE. With neither, the embedded
   * desk keeps one beside its data directory (created on first start, readable by its owner only);
   * a desk on a PostgreSQL server signs with a key of this process only (development and tests: its
   * public key is still recorded, so its checkpoints stay verifiable), and production refuses to start
   * (see the config schema).
   */
  static fromConfig(config: Pick<AppConfig, 'AUDIT_SIGNING_KEY' | 'AUDIT_SIGNING_KEY_FILE' | 'DATABASE_URL' | 'PGLITE_DATA_DIR'>): AuditSigningKey {
    if (config.AUDIT_SIGNING_KEY) return AuditSigningKey.fromPem(config.AUDIT_SIGNING_KEY);
    if (config.AUDIT_SIGNING_KEY_FILE) return AuditSigningKey.fromPem(readFileSync(config.AUDIT_SIGNING_KEY_FILE, 'utf8'));
    if (config.DATABASE_URL) return AuditSigningKey.generate();
    const file = embeddedKeyFile(config.PGLITE_DATA_DIR);
    if (!existsSync(file)) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, AuditSigningKey.generatePem(), { mode: 0o600, flag: 'wx' });
      chmodSync(file, 0o600);
    }
    return AuditSigningKey.fromPem(readFileSync(file, 'utf8'));
  }
}

/** Where the embedded desk keeps its signing key: beside its data directory. */
export const embeddedKeyFile = (dataDir: string) => resolve(dirname(resolve(dataDir)), 'audit-signing-key.pem');

/** Injection token of the desk's AuditSigningKey. */
export const AUDIT_SIGNING_KEY = Symbol('AUDIT_SIGNING_KEY');
