import { randomUUID } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { AuthService, SessionsService } from '@app/auth';
import { PinoNestLogger, type AppConfig } from '@app/config';
import { JobQueues } from '@app/queue';
import { ApiModule } from './app.module.js';
import { notStoredByDefault } from './http/caching.js';
import { jsonBody, requireJsonForWrites, UPLOAD_ROUTE, uploadBody } from './http/body.js';
import { QUEUE_DASHBOARD_PATH, queueDashboard } from './http/queue-dashboard.js';
import { withApiSchemas } from './http/openapi.js';
import { decodablePath } from './http/path-params.js';
import { READER_REPORT_ROUTE, readerReportMiddleware } from './http/reader-reports.js';
import { sessionMiddleware } from './http/session-cookie.js';
import { WEB_APP_PATH, webApp } from './http/web-app.js';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/;

/**
 * Builds the HTTP application exactly as production runs it; tests call this too, so what they check
 * is what ships.
 */
export async function createApiApp(config: AppConfig, logger: Logger, options: { shutdownHooks?: boolean } = {}): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(config), {
    bodyParser: false,
    logger: new PinoNestLogger(logger),
    abortOnError: false,
  });
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  // ETags computed from the bytes sent are strong validators: nothing here re-encodes a body (a CDN that
  // compresses weakens them itself), and immutable public files are compared byte for byte.
  app.set('etag', 'strong');
  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      // A 4xx is the client's mistake and routine (a reader's 404, a bad field): logged as info; only the desk's own failures warn.
      customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
      autoLogging: { ignore: (req) => req.url === '/health' },
    }),
  );
  // Nothing is cacheable unless its route says so (public pages set their own Cache-Control).
  app.use(notStoredByDefault);
  // Before every route and Express middleware below, so no cookie-authenticated write skips the CSRF check.
  app.use(sessionMiddleware(app.get(SessionsService)));
  // Filled from the OpenAPI document below, once every route is known.
  const pathTemplates: string[] = [];
  app.use(decodablePath(() => pathTemplates));
  app.use(QUEUE_DASHBOARD_PATH, ...queueDashboard(app.get(JobQueues), app.get(AuthService)));
  app.use(UPLOAD_ROUTE, uploadBody(config.UPLOAD_MAX_BYTES));
  app.use(READER_REPORT_ROUTE, ...readerReportMiddleware(config));
  app.use(WEB_APP_PATH, webApp(config.WEB_APP_DIR));
  app.use(requireJsonForWrites);
  app.use(jsonBody(config.MAX_BODY_BYTES));
  // Off when a launcher running several parts in one process orders the shutdown itself.
  if (options.shutdownHooks !== false) app.enableShutdownHooks();

  const openApi = buildOpenApiDocument(app);
  pathTemplates.push(...Object.keys(openApi.paths));
  SwaggerModule.setup('docs', app, openApi, { jsonDocumentUrl: 'openapi.json', yamlDocumentUrl: 'openapi.yaml' });
  return app;
}

/**
 * The OpenAPI document of the app's routes, with the named response schemas: what `/openapi.json`
 * serves, and what `scripts/openapi-document.ts` writes for the web app's generated client (from an app
 * created with `{ preview: true }`, so no database is needed).
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  return withApiSchemas(SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Factcheck desk')
      .setDescription('Claims as tasks, archived sources, verdicts and an append-only audit log. Errors are RFC 9457 problem details.')
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'API token (fcd_…)' })
      .build(),
  ));
}

/** The OpenAPI document without a database or queue: the modules are only scanned, never started. */
export async function previewOpenApiDocument(config: AppConfig): Promise<OpenAPIObject> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(config), { preview: true, logger: false, abortOnError: false });
  try {
    return buildOpenApiDocument(app);
  } finally {
    await app.close();
  }
}
