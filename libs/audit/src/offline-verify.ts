import { AuditLogVerifier, type AuditProblem, type StoredCheckpoint, type StoredEvent } from './audit-verifier.js';
import { parseStatement, type SignedCheckpoint } from './checkpoint-statement.js';
import { verifySignature } from './signing-key.js';
import { sha256Hex } from './audit-hash.js';

/** The `format` of an export's header line (see AuditService.exportLog). */
export const EXPORT_FORMAT = 'factcheck-desk/audit-export-1';

export interface OfflineVerification {
  ok: boolean;
  eventsChecked: number;
  checkpointsChecked: number;
  latestCheckpointSeq: number | null;
  problemCount: number;
  problems: AuditProblem[];
}

/** Thrown for input that is not an export, a checkpoint or a key at all (the verifier cannot start). */
export class OfflineInputError extends Error {}

/**
 * Public keys from what an auditor holds: a PEM public key, or the JSON of `/transparency/public-keys`
 * (`{ items: [{ keyId, publicKey }] }`). Keys are re-derived from the PEM, never taken by the id given.
 */
export function parsePublicKeys(text: string, keyIdOf: (pem: string) => string): Map<string, string> {
  const trimmed = text.trim();
  const pems: string[] = [];
  if (trimmed.startsWith('{')) {
    const value = JSON.parse(trimmed) as { items?: { publicKey?: unknown }[]; publicKey?: unknown };
    for (const item of value.items ?? [value]) if (typeof item.publicKey === 'string') pems.push(item.publicKey);
  } else {
    pems.push(...(trimmed.match(/-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/g) ?? []));
  }
  if (pems.length === 0) throw new OfflineInputError('no public key found (a PEM public key, or the JSON of /transparency/public-keys)');
  return new Map(pems.map((pem) => [keyIdOf(pem), pem]));
}

/** A kept checkpoint as published (`/transparency/checkpoints/…`, or the `auditCheckpoint` of a report). */
export function parseKeptCheckpoint(text: string): SignedCheckpoint {
  const value = JSON.parse(text) as Partial<SignedCheckpoint> & { auditCheckpoint?: SignedCheckpoint };
  const checkpoint = value.auditCheckpoint ?? value;
  if (typeof checkpoint.statement !== 'string' || typeof checkpoint.signature !== 'string') {
    throw new OfflineInputError('not a signed checkpoint: expected { statement, signature, … }');
  }
  return checkpoint as SignedCheckpoint;
}

/**
 * Replays an export line by line with the desk's own checks, plus what only an outsider can add: each
 * kept checkpoint must be validly signed by a key the auditor holds, and the log must still contain it,
 * unchanged (else it was removed, rewound or rewritten). Checkpoints in the export verify only with the
 * auditor's keys, never with keys the export brings along.
 */
export async function verifyExport(lines: AsyncIterable<string> | Iterable<string>, publicKeys: ReadonlyMap<string, string>, kept: SignedCheckpoint[] = []): Promise<OfflineVerification> {
  const verifier = new AuditLogVerifier(publicKeys);
  let header: { throughEventSeq: number; latestCheckpoint: number } | null = null;
  let end: { events: number; checkpoints: number } | null = null;
  let lineNumber = 0;
  for await (const raw of lines) {
    lineNumber++;
    if (raw.trim() === '') continue;
    const line = JSON.parse(raw) as { type: string } & Record<string, unknown>;
    if (lineNumber === 1) {
      if (line.type !== 'header' || line.format !== EXPORT_FORMAT) throw new OfflineInputError(`not an audit export (expected a ${EXPORT_FORMAT} header line)`);
      header = line as unknown as { throughEventSeq: number; latestCheckpoint: number };
      continue;
    }
    if (end !== null) {
      end = null; // lines after the end line: not the export the desk wrote
      break;
    }
    switch (line.type) {
      case 'key':
        break;
      case 'checkpoint': {
        const { type: _type, ...checkpoint } = line;
        verifier.checkpoint(checkpoint as unknown as StoredCheckpoint);
        break;
      }
      case 'event': {
        const { type: _type, canonicalHex, ...event } = line as Record<string, unknown>;
        const stored = event as unknown as StoredEvent;
        if (typeof canonicalHex === 'string') {
          stored.canonicalBytes = Buffer.from(canonicalHex, 'hex');
          stored.canonical = stored.canonicalBytes.toString('utf8');
        }
        verifier.event(stored);
        break;
      }
      case 'end':
        end = line as unknown as { events: number; checkpoints: number };
        break;
      default:
        throw new OfflineInputError(`line ${lineNumber}: unknown line type ${JSON.stringify(line.type)}`);
    }
  }
  if (header === null) throw new OfflineInputError('the export is empty');
  for (const checkpoint of kept) {
    let number: number;
    try {
      number = parseStatement(checkpoint.statement).number;
    } catch {
      throw new OfflineInputError('the kept checkpoint is not a checkpoint statement');
    }
    const key = publicKeys.get(parseStatement(checkpoint.statement).keyId);
    if (key === undefined || !verifySignature(key, Buffer.from(checkpoint.statement), checkpoint.signature)) {
      // A kept copy that does not verify proves nothing either way: refuse it rather than compare.
      throw new OfflineInputError(`the kept checkpoint ${number} is not validly signed by the public key(s) given (sha256 ${sha256Hex(checkpoint.statement)})`);
    }
    verifier.kept(number, checkpoint.statement);
  }
  const result = verifier.finish();
  const problems = [...result.problems];
  let problemCount = result.problemCount;
  if (end === null || end.events !== result.eventsChecked || end.checkpoints !== result.checkpointsChecked) {
    problemCount++;
    problems.push({ kind: 'export-incomplete', seq: null, detail: 'the export does not end with its end line, or its counts differ from it: it was cut or altered' });
  }
  return { ...result, ok: problemCount === 0, problemCount, problems };
}
