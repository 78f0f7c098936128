/**
 * JSON answers of the médiacentre web service: gzip when the ENT accepts it (gar-reference §6),
 * and errors as GAR's `{"Erreur":{"Code","Message","Resource"}}`, never problem+json, so an ENT
 * parses our errors as it parses GAR's. A 5xx never shows its message, only a correlation id.
 *
 * Every success is gzipped when the ENT accepts gzip, whatever its size: OPEN-ENT-NG's
 * gar-connector asks `Accept-Encoding: gzip, deflate` and gunzips every 200 body without looking
 * at `Content-Encoding`, so a plain empty list reached it as an empty string and its médiacentre
 * never answered. The same connector reads an error body as plain JSON (GAR's errors are not
 * compressed): errors stay plain, unless the ENT refuses identity and accepts gzip.
 */
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '../core/logger.js';
import { webServiceFault } from '../http/index.js';
import { gzipOf, plainOf, type EncodedAnswer } from './answer-cache.js';

export function sendJson(req: Request, res: Response, status: number, value: unknown): void {
  sendEncoded(req, res, status, { plain: Buffer.from(JSON.stringify(value), 'utf8') });
}

/** Sends an encoded JSON answer, gzip when the client accepts it (the gzip form made once per answer). */
export function sendEncoded(req: Request, res: Response, status: number, answer: EncodedAnswer): void {
  res.status(status).setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Vary', 'Accept-Encoding');
  if (answerCoding(req.headers['accept-encoding'], status) === 'gzip') {
    res.setHeader('Content-Encoding', 'gzip');
    res.end(gzipOf(answer));
    return;
  }
  res.end(plainOf(answer));
}

/**
 * How an answer of this status goes out: a success in gzip whenever gzip is acceptable and
 * identity not explicitly preferred; an error plain, unless identity is refused (RFC 9110 §12.5.3).
 */
export function answerCoding(header: string | undefined, status: number): 'gzip' | 'identity' {
  const accepted = acceptedCodings(header);
  if (accepted.gzip <= 0) return 'identity';
  if (status >= 200 && status < 300) return accepted.identity > accepted.gzip ? 'identity' : 'gzip';
  return accepted.identity === 0 ? 'gzip' : 'identity';
}

/** gzip is acceptable, and not less wanted than an identity the client names (the choice for a success). */
export function acceptsGzip(header: string | undefined): boolean {
  return answerCoding(header, 200) === 'gzip';
}

/**
 * The weights of gzip and identity in an Accept-Encoding header (RFC 9110 §12.5.3): a coding
 * named (`x-gzip` is gzip) has its own weight, else `*`'s; gzip unnamed weighs 0, identity
 * unnamed is acceptable without preference (-1 here: below any weight). No header: plain, as
 * with an empty one (the client wants no coding). An entry with a malformed weight is ignored.
 */
function acceptedCodings(header: string | undefined): { readonly gzip: number; readonly identity: number } {
  const weights = new Map<string, number>();
  for (const part of (header ?? '').split(',')) {
    const [rawCoding = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    const coding = rawCoding === 'x-gzip' ? 'gzip' : rawCoding;
    const q = weightOf(params);
    if (coding === '' || q === undefined) continue;
    weights.set(coding, Math.max(q, weights.get(coding) ?? 0));
  }
  const any = weights.get('*');
  return {
    gzip: weights.get('gzip') ?? any ?? 0,
    identity: weights.get('identity') ?? any ?? -1,
  };
}

/** The `q` parameter (1 when absent), or undefined when it is not a weight. */
function weightOf(params: readonly string[]): number | undefined {
  const q = params.find((p) => /^q\s*=/.test(p));
  if (q === undefined) return 1;
  const value = q.replace(/^q\s*=\s*/, '');
  return /^(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(value) ? Number(value) : undefined;
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
