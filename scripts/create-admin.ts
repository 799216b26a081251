// Creates an admin user and prints its API token (shown once). Usage:
//   npm run admin:create -- --name "Desk admin" --email admin@newsroom.example
// On the embedded database (DATABASE_URL unset) run it while the desk is stopped: one process at a time opens it.
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import { Module } from '@nestjs/common';
import { AuthModule, AuthService } from '@app/auth';
import { ConfigError, ConfigModule, loadConfig } from '@app/config';
import { DbModule, EmbeddedDatabaseBusyError, MigrationsPendingError, openDatabase } from '@app/db';
import { systemActor, DomainError } from '@app/core';
import { SCHEMA } from '@app/schema';

async function main() {
  const { values } = parseArgs({ options: { name: { type: 'string' }, email: { type: 'string' } } });
  if (!values.name || !values.email) {
    console.error('Usage: npm run admin:create -- --name "Desk admin" --email admin@newsroom.example');
    process.exit(2);
  }
  const config = loadConfig();
  const database = await openDatabase(config, SCHEMA, (message) => console.error(message));

  @Module({ imports: [ConfigModule.forRoot({ ...config, DATABASE_URL: database.url }), DbModule.forRoot(SCHEMA), AuthModule] })
  class CreateAdminModule {}

  try {
    const app = await NestFactory.createApplicationContext(CreateAdminModule, { logger: ['error'] });
    try {
      const { user, token } = await app.get(AuthService).bootstrapAdmin(systemActor('cli'), { name: values.name, email: values.email });
      console.log(`Created admin ${user.email} (id ${user.id}).`);
      console.log(`API token (shown once, store it now): ${token}`);
    } finally {
      await app.close();
    }
  } finally {
    await database.stop();
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof MigrationsPendingError || error instanceof DomainError || error instanceof EmbeddedDatabaseBusyError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
