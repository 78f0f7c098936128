/**
 * JSON answers of the médiacentre web service: gzip when the ENT accepts it (gar-reference §6),
 * and errors as GAR's `{"Erreur":{"Code","Message","Resource"}}`, never problem+json, so an ENT
 * parses our errors as it parses GAR's. A 5xx never shows its message, only a correlation id.
 */
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '../core/logger.js';
import { webServiceFault } from '../http/index.js';
import { gzipOf, isGzipWorthy, plainOf, type EncodedAnswer } from './answer-cache.js';

/** Below this, gzip's header and the CPU cost more than they save. */
const gzipFromBytes = 512;

export function sendJson(req: Request, res: Response, status: number, value: unknown): void {
  sendEncoded(req, res, status, { plain: Buffer.from(JSON.stringify(value), 'utf8') });
}

/** Sends an encoded JSON answer, gzip when the client accepts it (the gzip form made once per answer). */
export function sendEncoded(req: Request, res: Response, status: number, answer: EncodedAnswer): void {
  res.status(status).setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Vary', 'Accept-Encoding');
  if (isGzipWorthy(answer, gzipFromBytes) && acceptsGzip(req.headers['accept-encoding'])) {
    res.setHeader('Content-Encoding', 'gzip');
    res.end(gzipOf(answer));
    return;
  }
  res.end(plainOf(answer));
}

/** `gzip` listed and not refused with `q=0` (RFC 9110 §12.5.3). */
export function acceptsGzip(header: string | undefined): boolean {
  if (header === undefined) return false;
  return header.split(',').some((part) => {
    const [coding, ...params] = part
      .trim()
      .toLowerCase()
      .split(';')
      .map((s) => s.trim());
    if (coding !== 'gzip' && coding !== 'x-gzip') return false;
    const q = params.find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

export function mediacentreErrorHandler(logger: Logger) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const correlationId = res.locals.correlationId;
    const fault = webServiceFault(error, correlationId);
    logger[fault.status >= 500 ? 'error' : 'info']({
      event: 'mediacentre.error',
      correlationId,
      code: fault.code,
      status: fault.status,
      detail: fault.detail,
    });
    // `Resource`: the path asked for, without its query, as the caller sent it (it is the caller's own data).
    sendJson(req, res, fault.status, {
      Erreur: { Code: fault.code, Message: fault.message, Resource: `${req.baseUrl}${req.path}` },
    });
  };
}
