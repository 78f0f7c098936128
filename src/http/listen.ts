/**
 * Binds an express app to a plain HTTP or a TLS listener. The TLS listener asks every client for
 * a certificate but lets the handshake finish without one (rejectUnauthorized false): the
 * partner authentication middleware then decides, so that a missing, unknown or expired
 * certificate gets the web service's own coded XML error instead of a bare TLS alert.
 */
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Express } from 'express';

export interface TlsMaterial {
  readonly cert: string;
  readonly key: string;
  /** CA certificates named to clients in the CertificateRequest (the partner CA). */
  readonly ca?: readonly string[];
}

export function listen(app: Express, host: string, port: number, tls?: TlsMaterial): Promise<Server> {
  const server =
    tls === undefined
      ? createHttpServer(app)
      : createHttpsServer(
          {
            cert: tls.cert,
            key: tls.key,
            ...(tls.ca ? { ca: [...tls.ca] } : {}),
            requestCert: true,
            rejectUnauthorized: false,
            minVersion: 'TLSv1.2',
          },
          app,
        );
  // Keep connections of busy partners open between requests (one handshake per client).
  server.keepAliveTimeout = 65_000;
  return new Promise((done, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      done(server);
    });
  });
}

export function portOf(server: Server, fallback: number): number {
  const address = server.address();
  return typeof address === 'object' && address ? address.port : fallback;
}
