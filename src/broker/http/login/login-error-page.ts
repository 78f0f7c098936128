/**
 * Where every failure of a login endpoint ends: a French page (English on request) with the
 * status of its code and the correlation id, logged as one event with the code only. Failures of
 * express itself (a body too large, a malformed form) get the same page.
 */
import type { NextFunction, Request, Response } from 'express';
import { isBrokerError } from '../../../core/broker-error.js';
import { newCorrelationId } from '../../../core/correlation-id.js';
import type { Logger } from '../../../core/logger.js';
import { pageLanguage } from './html.js';
import { renderErrorPage } from './login-pages.js';

export function handleLoginError(logger: Logger) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const correlationId = res.locals.correlationId ?? newCorrelationId();
    const { status, code, message } = describe(error);
    logger[status >= 500 ? 'error' : 'info']({
      event: 'login.failed',
      correlationId,
      code,
      status,
      route: req.route ? String(req.route.path) : req.path,
      detail: isBrokerError(error) ? error.detail : status >= 500 && error instanceof Error ? error.stack : undefined,
    });
    res
      .status(status)
      .set('Cache-Control', 'no-store')
      .type('html')
      .send(
        renderErrorPage({
          lang: pageLanguage(req.headers['accept-language'], req.query.lang),
          status,
          code,
          message,
          correlationId,
        }),
      );
  };
}

function describe(error: unknown): { status: number; code: string; message: string } {
  if (isBrokerError(error)) return { status: error.status, code: error.code, message: error.message };
  const status =
    typeof (error as { status?: unknown })?.status === 'number' ? (error as { status: number }).status : 500;
  if (status === 413) return { status, code: 'ERR_SAML_TOO_LARGE', message: 'Message SAML trop volumineux.' };
  if (status >= 400 && status < 500)
    return { status: 400, code: 'ERR_HTTP_BAD_REQUEST', message: 'Requête illisible.' };
  return { status: 500, code: 'ERR_HTTP_INTERNAL', message: '' };
}
