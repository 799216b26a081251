import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@app/db';
import { SCHEMA } from '@app/schema';
import { freePort } from './ports.js';
import type { TestDatabase } from './postgres.js';

const run = promisify(execFile);

/** A PostgreSQL cluster of one test's own (initdb in a temporary directory), which the test may stop and start. */
export interface PostgresCluster {
  port: number;
  /** A new database on the cluster, migrated like the run's template; dropped with the cluster. */
  createDatabase(): Promise<TestDatabase>;
  /** `pg_ctl stop -m fast`: open connections are cut, new ones refused until start(). */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** A hot standby of this cluster (pg_basebackup, streaming replication) on a port of its own; destroyed with the cluster. */
  startStreamingReplica(): Promise<StreamingReplica>;
  /** Stops the cluster and deletes its directory. */
  destroy(): Promise<void>;
}

/** A physical streaming replica: read-only, kept in sync by PostgreSQL itself, its replay pausable to simulate lag. */
export interface StreamingReplica {
  port: number;
  /** The same database on the replica. */
  url(database: string): string;
  /** Stops applying WAL (the replica falls behind while the primary goes on), and starts again. */
  pauseReplay(): Promise<void>;
  resumeReplay(): Promise<void>;
  /** Resolves once the replica has applied everything the primary had written when it was called. */
  caughtUp(): Promise<void>;
}

/** The newest installed server's binaries (Debian's /usr/lib/postgresql/<major>/bin), or PG_BIN. */
function binDir(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root) ? readdirSync(root).filter((name) => existsSync(join(root, name, 'bin', 'initdb'))) : [];
  const newest = majors.sort((a, b) => Number(b) - Number(a))[0];
  if (newest === undefined) throw new Error('no PostgreSQL server binaries found: install postgresql or set PG_BIN');
  return join(root, newest, 'bin');
}

/**
 * Starts a throwaway cluster on a free port of 127.0.0.1 (trust auth, user postgres, fsync off: it is
 * thrown away). initdb refuses to run as root, so as root the cluster belongs to the `postgres` user.
 */
export async function startPostgresCluster(): Promise<PostgresCluster> {
  const bin = binDir();
  const dir = mkdtempSync(join(tmpdir(), 'fc-test-cluster-'));
  const asRoot = process.getuid?.() === 0;
  const pgCommand = (tool: string, args: string[]) => (asRoot ? run('runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]) : run(join(bin, tool), args));
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const data = join(dir, 'data');
  const port = await freePort();
  await pgCommand('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=100`;
  const start = async () => {
    await pgCommand('pg_ctl', ['start', '-w', '-t', '60', '-D', data, '-l', join(dir, 'server.log'), '-o', options]);
  };
  const stop = async () => {
    await pgCommand('pg_ctl', ['stop', '-w', '-t', '60', '-m', 'fast', '-D', data]);
  };
  await start();
  const query = async (url: string, sql: string): Promise<Record<string, unknown>[]> => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query(sql)).rows;
    } finally {
      await client.end();
    }
  };
  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const admin = async (sql: string) => {
    await query(adminUrl, sql);
  };
  const replicas: { data: string }[] = [];
  let databases = 0;
  return {
    port,
    async createDatabase() {
      const name = `fc_cluster_${++databases}`;
      await admin(`CREATE DATABASE ${name}`);
      const url = `postgres://postgres@127.0.0.1:${port}/${name}`;
      const dataSource = new DataSource({ ...dataSourceOptions(url, SCHEMA, 1), logging: ['error'] });
      await dataSource.initialize();
      await dataSource.runMigrations();
      await dataSource.destroy();
      return { name, url, drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
    },
    stop,
    start,
    async startStreamingReplica() {
      const replicaData = join(dir, `replica-${replicas.length + 1}`);
      const replicaPort = await freePort();
      // -R writes standby.signal and primary_conninfo: the copy starts as a hot standby streaming from the primary.
      await pgCommand('pg_basebackup', ['-D', replicaData, '-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-X', 'stream', '-R', '--no-sync']);
      await pgCommand('pg_ctl', ['start', '-w', '-t', '60', '-D', replicaData, '-l', join(dir, `replica-${replicas.length + 1}.log`), '-o', `-p ${replicaPort} -k ${dir} -c listen_addresses=127.0.0.1 -c hot_standby=on -c fsync=off -c max_connections=100`]);
      replicas.push({ data: replicaData });
      const replicaAdmin = `postgres://postgres@127.0.0.1:${replicaPort}/postgres`;
      return {
        port: replicaPort,
        url: (database) => `postgres://postgres@127.0.0.1:${replicaPort}/${database}`,
        pauseReplay: async () => void (await query(replicaAdmin, 'SELECT pg_wal_replay_pause()')),
        resumeReplay: async () => void (await query(replicaAdmin, 'SELECT pg_wal_replay_resume()')),
        async caughtUp() {
          const [{ lsn }] = (await query(adminUrl, 'SELECT pg_current_wal_lsn()::text AS lsn')) as { lsn: string }[];
          for (const started = Date.now(); Date.now() - started < 30_000; await new Promise((resolve) => setTimeout(resolve, 50))) {
            const [{ behind }] = (await query(replicaAdmin, `SELECT pg_last_wal_replay_lsn() < '${lsn}'::pg_lsn AS behind`)) as { behind: boolean }[];
            if (!behind) return;
          }
          throw new Error(`the replica on port ${replicaPort} did not replay up to ${lsn} within 30 s`);
        },
      };
    },
    async destroy() {
      for (const replica of replicas) await pgCommand('pg_ctl', ['stop', '-w', '-t', '60', '-m', 'immediate', '-D', replica.data]).catch(() => undefined);
      await stop().catch(() => undefined); // already stopped by a failed test
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
