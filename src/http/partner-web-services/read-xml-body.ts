/**
 * Reads a web-service request body as bytes, bounded before anything is buffered past the limit
 * (413), and accepts it only as `application/xml` (or `text/xml`), with or without
 * `charset=utf-8`: the wsabonnement bodies are UTF-8 XML (gar-reference §5). The XML itself is
 * parsed later, by trust, from these bytes.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import { fail } from '../../core/fail.js';

export function readXmlBody(maxBytes: number) {
  const raw = express.raw({ type: () => true, limit: maxBytes });
  return [raw, (req: Request, _res: Response, next: NextFunction): void => {
    const body = req.body as unknown;
    const length = Buffer.isBuffer(body) ? body.length : 0;
    if (length > 0 && !acceptableContentType(req.headers['content-type'])) {
      next(fail('ERR_WS_CONTENT_TYPE', 'Type de contenu attendu : application/xml; charset=utf-8.', String(req.headers['content-type'])));
      return;
    }
    next();
  }];
}

/** The bytes read, empty when there was no body. */
export function bodyBytes(req: Request): Buffer {
  const body = req.body as unknown;
  return Buffer.isBuffer(body) ? body : Buffer.alloc(0);
}

function acceptableContentType(header: string | undefined): boolean {
  if (header === undefined) return false;
  const [type, ...parameters] = header.split(';').map((part) => part.trim().toLowerCase());
  if (type !== 'application/xml' && type !== 'text/xml') return false;
  return parameters.every((p) => !p.startsWith('charset=') || ['charset=utf-8', 'charset="utf-8"', 'charset=utf8'].includes(p));
}
