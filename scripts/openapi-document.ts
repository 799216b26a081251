// Writes the API's OpenAPI document (dist/openapi.json) and the web app's client types generated from it,
// without a database: `npm run build` and `npm run typecheck` run it after compiling the server.
import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { loadConfig } from '@app/config';
import { previewOpenApiDocument } from '../apps/api/src/bootstrap.js';
import { openApiTypes, WEB_SCHEMA_TYPES } from './openapi-types.js';

const DOCUMENT = 'dist/openapi.json';

async function main() {
  const document = await previewOpenApiDocument(loadConfig({ LOG_LEVEL: 'silent' }));
  mkdirSync(dirname(DOCUMENT), { recursive: true });
  writeFileSync(DOCUMENT, `${JSON.stringify(document, null, 2)}\n`);
  writeFileSync(WEB_SCHEMA_TYPES, await openApiTypes(document));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
