import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { WireServer } from './wire-server.js';

export interface EmbeddedPostgresOptions {
  /** Where PGlite keeps its files; created on first start. */
  dataDir: string;
  /** Loopback port to serve on (0: any free port). */
  port: number;
  idleInTransactionMs?: number;
  onWarning?: (message: string) => void;
}

/**
 * PostgreSQL compiled to WebAssembly (PGlite), running in this process with its data on disk and served
 * on a loopback port, so TypeORM and BullMQ's PostgreSQL backend reach it through `pg` unchanged.
 * One process owns a data directory at a time (a lock file beside it says which).
 */
export class EmbeddedPostgres {
  private constructor(
    private readonly db: PGlite,
    private readonly server: WireServer,
    private readonly lockFile: string,
    readonly dataDir: string,
    readonly port: number,
    /** True when this start created the data directory (initdb ran). */
    readonly created: boolean,
  ) {}

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  static async start(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
    const dataDir = resolve(options.dataDir);
    const lockFile = `${dataDir}.lock`;
    mkdirSync(dirname(dataDir), { recursive: true });
    takeLock(lockFile);
    let db: PGlite | null = null;
    try {
      const created = !existsSync(`${dataDir}/PG_VERSION`); // present once initdb has run
      db = await PGlite.create({ dataDir, extensions: { pg_trgm } });
      // The session is shared by every connection (see WireServer): BullMQ's PostgreSQL backend keeps its
      // tables in the `bullmq` schema and names them unqualified, after ours in `public`.
      await db.exec('SET search_path TO public, bullmq');
      const server = new WireServer(db, { idleInTransactionMs: options.idleInTransactionMs ?? 60_000, onWarning: options.onWarning });
      const port = await server.listen(options.port);
      return new EmbeddedPostgres(db, server, lockFile, dataDir, port, created);
    } catch (error) {
      await db?.close().catch(() => undefined);
      rmSync(lockFile, { force: true });
      throw error;
    }
  }

  async stop(): Promise<void> {
    await this.server.close();
    await this.db.close();
    rmSync(this.lockFile, { force: true });
  }
}


/** Refuses a second process on the same data directory (two PGlite instances on one directory corrupt it). */
function takeLock(lockFile: string): void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockFile, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(lockFile, 'utf8'));
      if (owner && owner !== process.pid && isAlive(owner)) {
        throw new EmbeddedDatabaseBusyError(`The embedded database ${lockFile.replace(/\.lock$/, '')} is in use by process ${owner}; stop it first, or set PGLITE_DATA_DIR to another directory.`);
      }
      rmSync(lockFile, { force: true }); // left by a process that died
    }
  }
  throw new EmbeddedDatabaseBusyError(`Could not lock ${lockFile}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class EmbeddedDatabaseBusyError extends Error {}
