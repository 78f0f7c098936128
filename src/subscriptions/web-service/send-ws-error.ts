/**
 * The error answer of the partner web services: GAR's XML `Erreur` with `Code` and `Message`
 * (gar-reference §5), never problem+json, so GAR clients parse our errors as they parse GAR's.
 * A 5xx never shows its message, only a correlation id the operator finds in the logs.
 */
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '../../core/logger.js';
import { renderWsError } from '../wire/render-ws-error.js';
import { webServiceFault } from '../../http/index.js';

export function wsErrorHandler(logger: Logger) {
  return (error: unknown, _req: Request, res: Response, _next: NextFunction): void => {
    const correlationId = res.locals.correlationId;
    const fault = webServiceFault(error, correlationId);
    logger[fault.status >= 500 ? 'error' : 'info']({
      event: 'ws.error',
      correlationId,
      code: fault.code,
      status: fault.status,
      detail: fault.detail,
    });
    res.status(fault.status).type('application/xml; charset=utf-8').send(renderWsError(fault.code, fault.message));
  };
}
