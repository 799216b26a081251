// Entry point for the TypeORM CLI (`npm run migration:run`, `migration:generate`): the same options
// and schema as the apps, configured from the same environment.
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '@app/config';
import { dataSourceOptions } from '@app/db';
import { SCHEMA } from './schema.js';

export default new DataSource(dataSourceOptions(loadConfig().DATABASE_URL, SCHEMA));
