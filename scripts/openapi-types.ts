import openapiTS, { astToString, COMMENT_HEADER, type OpenAPI3 } from 'openapi-typescript';

/** Where the web app's generated client types live (gitignored; `npm run build` and `npm run typecheck` write it). */
export const WEB_SCHEMA_TYPES = 'apps/web/src/api/schema.d.ts';

/** The TypeScript types openapi-typescript generates for an OpenAPI document: the web app's `paths`. */
export async function openApiTypes(document: object): Promise<string> {
  // The document is JSON; openapi-typescript would otherwise read a string as a path or URL.
  return `${COMMENT_HEADER}${astToString(await openapiTS(structuredClone(document) as OpenAPI3))}`;
}
