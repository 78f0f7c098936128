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
    const status = known?.status ?? bodyParserStatus(error) ?? 500;
    const code = known?.code ?? bodyParserCode(status);
    const correlationId = res.locals.correlationId;
    const message = status >= 500 ? `Erreur interne. Référence : ${correlationId}` : known?.message ?? bodyParserMessage(status);
    const detail = known ? known.detail : error instanceof Error ? error.stack : String(error);
    logger[status >= 500 ? 'error' : 'info']({ event: 'ws.error', correlationId, code, status, detail: status >= 500 ? detail : undefined });
    res.status(status).type('application/xml; charset=utf-8').send(renderWsError(code, message));
  };
}

/** express.raw refuses oversized or unreadable bodies with a plain error that carries a status. */
function bodyParserStatus(error: unknown): number | undefined {
  const e = error as { status?: unknown; type?: unknown } | null;
  return typeof e?.status === 'number' && typeof e.type === 'string' && e.status < 500 ? e.status : undefined;
}

function bodyParserCode(status: number): string {
  return status === 413 ? 'ERR_WS_BODY_TOO_LARGE' : status >= 500 ? 'ERR_HTTP_INTERNAL' : 'ERR_WS_XML_MALFORMED';
}

function bodyParserMessage(status: number): string {
  return status === 413 ? 'Corps de requête trop volumineux.' : 'Corps de requête illisible.';
}
