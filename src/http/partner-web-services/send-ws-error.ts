/**
 * The error answer of the partner web services: GAR's XML `Erreur` with `Code` and `Message`
 * (gar-reference §5), never problem+json, so GAR clients parse our errors as they parse GAR's.
 * A 5xx never shows its message, only a correlation id the operator finds in the logs.
 */
import type { NextFunction, Request, Response } from 'express';
import { isBrokerError } from '../../core/broker-error.js';
import type { Logger } from '../../core/logger.js';
import { renderWsError } from '../../subscriptions/index.js';

export function wsErrorHandler(logger: Logger) {
  return (error: unknown, _req: Request, res: Response, _next: NextFunction): void => {
    const known = isBrokerError(error) ? error : undefined;
    // Express itself refuses some requests (a malformed %-escape in the path) with a status.
    const status = known?.status ?? clientFault(error) ?? 500;
    const code = known?.code ?? (status < 500 ? 'ERR_HTTP_BAD_REQUEST' : 'ERR_HTTP_INTERNAL');
    const correlationId = res.locals.correlationId;
    const message = status >= 500 ? `Erreur interne. Référence : ${correlationId}` : known?.message ?? 'Requête illisible.';
    const detail = known ? known.detail : error instanceof Error ? error.stack : String(error);
    logger[status >= 500 ? 'error' : 'info']({ event: 'ws.error', correlationId, code, status, detail: status >= 500 ? detail : undefined });
    res.status(status).type('application/xml; charset=utf-8').send(renderWsError(code, message));
  };
}

function clientFault(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}
