/**
 * Reads a web-service request body as bytes, refusing it (413) as soon as it passes the limit,
 * before more is buffered, and accepts it only as `application/xml` (or `text/xml`), with or
 * without `charset=utf-8`: wsabonnement bodies are UTF-8 XML (gar-reference §5). A declared
 * Content-Length over the limit is refused before anything is read. Compressed bodies
 * (Content-Encoding) are refused rather than inflated: no decompression bomb. The XML itself is
 * parsed later, by trust, from these bytes.
 */
import type { NextFunction, Request, Response } from 'express';
import { fail } from '../../core/fail.js';

const bodies = new WeakMap<Request, Buffer>();
const empty = Buffer.alloc(0);

export function readXmlBody(maxBytes: number) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxBytes) {
      next(tooLarge(declared));
      return;
    }
    const encoding = req.headers['content-encoding'];
    if (encoding !== undefined && encoding !== 'identity') {
      next(fail('ERR_WS_CONTENT_TYPE', 'Corps compressé refusé : envoyez du XML non compressé.', String(encoding)));
      return;
    }
    const chunks: Buffer[] = [];
    let length = 0;
    const onData = (chunk: Buffer): void => {
      length += chunk.length;
      if (length <= maxBytes) chunks.push(chunk);
      else finish(tooLarge(length));
    };
    const onEnd = (): void => finish();
    const finish = (error?: unknown): void => {
      req.off('data', onData).off('end', onEnd).off('error', finish);
      if (error !== undefined) {
        req.resume();
        next(error);
        return;
      }
      const body = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, length);
      if (body.length > 0 && !acceptableContentType(req.headers['content-type'])) {
        const type = String(req.headers['content-type']);
        next(fail('ERR_WS_CONTENT_TYPE', 'Type de contenu attendu : application/xml; charset=utf-8.', type));
        return;
      }
      bodies.set(req, body);
      next();
    };
    req.on('data', onData).on('end', onEnd).on('error', finish);
  };
}

/** The bytes read, empty when there was no body. */
export function bodyBytes(req: Request): Buffer {
  return bodies.get(req) ?? empty;
}

const tooLarge = (bytes: number) =>
  fail('ERR_WS_BODY_TOO_LARGE', 'Corps de requête trop volumineux.', `${bytes} bytes`);

function acceptableContentType(header: string | undefined): boolean {
  if (header === undefined) return false;
  const [type, ...parameters] = header.split(';').map((part) => part.trim().toLowerCase());
  if (type !== 'application/xml' && type !== 'text/xml') return false;
  return parameters.every(
    (p) => !p.startsWith('charset=') || ['charset=utf-8', 'charset="utf-8"', 'charset=utf8'].includes(p),
  );
}
