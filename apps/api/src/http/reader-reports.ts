import { rateLimit } from 'express-rate-limit';
import { urlencoded } from 'express';
import type { AppConfig } from '@app/config';

/** Route of the public error-report form. */
export const READER_REPORT_ROUTE = '/reports/:articleId/errors';

/**
 * Middleware of the public error-report endpoint: a per-address rate limit (in memory, so per API
 * replica) answering 429 problem+json, and the HTML form's urlencoded body (JSON goes through the
 * common parser).
 */
export function readerReportMiddleware(config: AppConfig) {
  return [
    rateLimit({
      windowMs: config.READER_REPORTS_WINDOW_MS,
      limit: config.READER_REPORTS_PER_WINDOW,
      standardHeaders: 'draft-7',
      legacyHeaders: false,
      handler: (_req, res) => {
        res.status(429).type('application/problem+json').send(
          JSON.stringify({ type: '/problems/rate-limited', title: 'Too Many Requests', status: 429, code: 'rate-limited', detail: 'Too many error reports from this address; try again later.' }),
        );
      },
    }),
    urlencoded({ extended: false, limit: '16kb' }),
  ];
}
