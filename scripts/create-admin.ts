// Creates an admin user and prints its API token (shown once). Usage:
//   npm run admin:create -- --name "Desk admin" --email admin@newsroom.example
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import { Module } from '@nestjs/common';
import { AuthModule, AuthService } from '@app/auth';
import { ConfigError, ConfigModule, loadConfig } from '@app/config';
import { DbModule, MigrationsPendingError } from '@app/db';
import { systemActor, DomainError } from '@app/core';
import { SCHEMA } from '@app/schema';

async function main() {
  const { values } = parseArgs({ options: { name: { type: 'string' }, email: { type: 'string' } } });
  if (!values.name || !values.email) {
    console.error('Usage: npm run admin:create -- --name "Desk admin" --email admin@newsroom.example');
    process.exit(2);
  }
  const config = loadConfig();

  @Module({ imports: [ConfigModule.forRoot(config), DbModule.forRoot(SCHEMA), AuthModule] })
  class CreateAdminModule {}

  const app = await NestFactory.createApplicationContext(CreateAdminModule, { logger: ['error'] });
  try {
    const { user, token } = await app.get(AuthService).bootstrapAdmin(systemActor('cli'), { name: values.name, email: values.email });
    console.log(`Created admin ${user.email} (id ${user.id}).`);
    console.log(`API token (shown once, store it now): ${token}`);
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof MigrationsPendingError || error instanceof DomainError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
