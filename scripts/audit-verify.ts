// Verifies an export of the audit log against signed checkpoints an auditor kept, with no database:
//   npm run audit:verify -- --export audit.ndjson --checkpoint kept.json --public-key desk-keys.json
// --export      the NDJSON of GET /v1/audit/export
// --checkpoint  a kept signed checkpoint: a file or an http(s) URL (/transparency/checkpoints/<n>, or a
//               report.json, whose auditCheckpoint is used); repeat it for several
// --public-key  the desk's public key (PEM) or the JSON of /transparency/public-keys
// Exit status: 0 the log verifies, 1 it does not (each problem printed), 2 the input could not be read.
import { createReadStream, readFileSync } from 'node:fs';
import { createPublicKey } from 'node:crypto';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { keyIdOf, OfflineInputError, parseKeptCheckpoint, parsePublicKeys, verifyExport } from '@app/audit';

const USAGE = 'Usage: npm run audit:verify -- --export FILE --checkpoint FILE|URL [--checkpoint …] --public-key FILE';

async function readSource(source: string): Promise<string> {
  if (/^https?:\/\//.test(source)) {
    const response = await fetch(source);
    if (!response.ok) throw new OfflineInputError(`${source}: HTTP ${response.status}`);
    return response.text();
  }
  return readFileSync(source, 'utf8');
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { export: { type: 'string' }, checkpoint: { type: 'string', multiple: true }, 'public-key': { type: 'string' } } });
  if (!values.export || !values['public-key']) {
    console.error(USAGE);
    return 2;
  }
  const keys = parsePublicKeys(readFileSync(values['public-key'], 'utf8'), (pem) => keyIdOf(createPublicKey(pem)));
  const kept = await Promise.all((values.checkpoint ?? []).map(async (source) => parseKeptCheckpoint(await readSource(source))));
  const lines = createInterface({ input: createReadStream(values.export, 'utf8'), crlfDelay: Infinity });
  const result = await verifyExport(lines, keys, kept);
  const keptNote = kept.length ? `, against kept checkpoint(s) ${kept.map((c) => c.number).join(', ')}` : ', with no kept checkpoint (only what the log itself proves)';
  console.log(`${result.eventsChecked} events and ${result.checkpointsChecked} checkpoints checked${keptNote}.`);
  if (result.ok) {
    console.log(`The log verifies (latest checkpoint ${result.latestCheckpointSeq ?? 'none'}).`);
    return 0;
  }
  console.log(`The log does NOT verify: ${result.problemCount} problem(s).`);
  for (const problem of result.problems) {
    const where = problem.target ? ` ${problem.target.type}:${problem.target.id} #${problem.chainSeq}` : '';
    console.log(`  ${problem.kind} at ${problem.seq ?? '-'}${where}: ${problem.detail}`);
  }
  return 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof OfflineInputError || error instanceof SyntaxError ? `audit:verify: ${(error as Error).message}` : error);
    process.exit(2);
  },
);
