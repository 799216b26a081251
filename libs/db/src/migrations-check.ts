import type { DataSource } from 'typeorm';

/** Raised when the database schema is behind the code; the message names the command that fixes it. */
export class MigrationsPendingError extends Error {
  constructor(readonly pending: string[]) {
    super(
      `Database schema is behind: ${pending.length} migration(s) pending (${pending.join(', ')}). ` +
        'Run `npm run migration:run` and start again.',
    );
    this.name = 'MigrationsPendingError';
  }
}

/** Refuses to go on when the database has not applied every migration the code knows. */
export async function assertMigrationsApplied(dataSource: DataSource): Promise<void> {
  const runner = dataSource.createQueryRunner();
  try {
    const hasTable = await runner.hasTable(dataSource.options.migrationsTableName ?? 'migrations');
    const applied = new Set<string>();
    if (hasTable) {
      const rows: { name: string }[] = await runner.query(
        `SELECT name FROM "${dataSource.options.migrationsTableName}"`,
      );
      rows.forEach((row) => applied.add(row.name));
    }
    const pending = dataSource.migrations.map((m) => m.name ?? m.constructor.name).filter((name) => !applied.has(name));
    if (pending.length > 0) throw new MigrationsPendingError(pending);
  } finally {
    await runner.release();
  }
}
