// Entry point for the TypeORM CLI (`npm run migration:run`, `migration:generate`): the same options
// and schema as the apps, configured from the same environment.
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '@app/config';
import { dataSourceOptions } from '@app/db';
import { SCHEMA } from './schema.js';

const url = loadConfig().DATABASE_URL;
if (!url) {
  throw new Error('DATABASE_URL is not set: the migration commands work on a PostgreSQL server. The embedded database applies its migrations itself when `npm start` or `npm run demo` opens it.');
}

export default new DataSource(dataSourceOptions(url, SCHEMA));
