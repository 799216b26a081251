import { existsSync, readFileSync } from 'node:fs';
import { previewOpenApiDocument } from '../../api/src/bootstrap.js';
import { startApi, type ApiHarness } from '../../api/test/harness.js';
import { openApiTypes, WEB_SCHEMA_TYPES } from '../../../scripts/openapi-types.js';

describe("the web app's generated API client", () => {
  let api: ApiHarness;
  let served: object;

  beforeAll(async () => {
    api = await startApi();
    served = (await api.http().get('/openapi.json').expect(200)).body;
  });
  afterAll(() => api.close());

  it('is generated from the same document the running API serves at /openapi.json (built without a database)', async () => {
    expect(await previewOpenApiDocument(api.config)).toEqual(served);
  });

  it('has types equal to what openapi-typescript generates from the served /openapi.json', async () => {
    if (!existsSync(WEB_SCHEMA_TYPES)) throw new Error(`${WEB_SCHEMA_TYPES} is missing: \`npm run build\` or \`npm run typecheck\` generates it.`);
    expect(readFileSync(WEB_SCHEMA_TYPES, 'utf8')).toBe(await openApiTypes(served));
  });
});
