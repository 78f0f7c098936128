/**
 * A minimal HTTPS client for the partner web services that presents a client certificate (or
 * none), as a distributor's program would. Answers are buffered whole: bodies are small.
 */
import { request as httpsRequest, type Agent } from 'node:https';
import { request as httpRequest } from 'node:http';

export interface PartnerAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
  readonly text: string;
}

export interface PartnerRequest {
  readonly method: string;
  readonly path: string;
  readonly body?: string | Buffer;
  readonly contentType?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Client certificate and key (PEM); absent: the client presents none. */
  readonly client?: { readonly certPem: string; readonly keyPem: string };
  /** A keep-alive agent (holding the client certificate) to reuse one TLS connection; default: a new connection. */
  readonly agent?: Agent;
}

export function partnerRequest(
  base: { readonly url: string; readonly ca?: string },
  r: PartnerRequest,
): Promise<PartnerAnswer> {
  const url = new URL(r.path, base.url);
  const body = r.body === undefined ? undefined : Buffer.from(r.body);
  const headers: Record<string, string> = {
    ...(body ? { 'content-type': r.contentType ?? 'application/xml', 'content-length': String(body.length) } : {}),
    ...r.headers,
  };
  const options = {
    method: r.method,
    headers,
    agent: r.agent ?? false,
    ...(url.protocol === 'https:'
      ? { ca: base.ca, ...(r.client ? { cert: r.client.certPem, key: r.client.keyPem } : {}) }
      : {}),
  };
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((done, reject) => {
    const req = send(url, options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const all = Buffer.concat(chunks);
        done({ status: res.statusCode ?? 0, headers: res.headers, body: all, text: all.toString('utf8') });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The `Code` of a GAR XML `Erreur` answer. */
export function errorCode(answer: PartnerAnswer): string | undefined {
  return /<Code>([^<]*)<\/Code>/.exec(answer.text)?.[1];
}
