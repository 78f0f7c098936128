/**
 * Names the partner behind a request from its TLS client certificate, before any route runs.
 *
 * Two ways a certificate reaches us:
 * - on the broker's own HTTPS listener, from the TLS session (the handshake proved the client
 *   holds the certificate's private key);
 * - behind a TLS-terminating proxy, from a header the proxy sets with the certificate it
 *   verified — accepted only on a connection from a configured proxy address, since anyone else
 *   could write that header. From any other address the header is ignored, never trusted.
 * Then the injected `identify` decides (in the composition: trust's check that the certificate is
 * registered, in validity and not revoked); deny by default.
 *
 * A TLS connection keeps its certificate for its whole life, so its verdict is remembered per
 * connection for `recheckSeconds` (measured: parsing and verifying the certificate on every
 * request cost a fifth of the server's time under load); a revocation or an expiry therefore
 * takes effect on open connections within that delay, and at once on new ones.
 */
import type { TLSSocket } from 'node:tls';
import type { NextFunction, Request, Response } from 'express';
import type { Clock } from '../core/clock.js';

/** The partner a verified certificate names; `kind` is the kind of partner the service serves. */
export interface IdentifiedPartner {
  readonly kind: string;
  readonly id: string;
}

/**
 * Names the partner of a presented certificate (DER bytes from TLS, PEM or URL-encoded PEM from a
 * proxy, nothing when none was presented), or throws a coded refusal.
 */
export type IdentifyPartner = (presented: Buffer | string | undefined, now: Date) => Promise<IdentifiedPartner>;

export interface PartnerAuthenticationOptions {
  readonly identify: IdentifyPartner;
  readonly clock: Clock;
  readonly proxy: { readonly trustedAddresses: readonly string[]; readonly certificateHeader: string };
  /** How long a connection's verdict is reused before the certificate is checked again. */
  readonly recheckSeconds?: number;
}

type Verdict = { readonly partner: IdentifiedPartner; readonly until: number };

export function authenticatePartner(options: PartnerAuthenticationOptions) {
  const trusted = new Set(options.proxy.trustedAddresses.map(normaliseAddress));
  const recheckMs = (options.recheckSeconds ?? 60) * 1000;
  const verdicts = new WeakMap<object, Verdict>();
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    try {
      const now = options.clock.now();
      const tls = (req.socket as Partial<TLSSocket>).encrypted === true;
      const remembered = tls ? verdicts.get(req.socket) : undefined;
      if (remembered !== undefined && now.getTime() < remembered.until) {
        res.locals.partner = remembered.partner;
        next();
        return;
      }
      const presented = presentedCertificate(req, trusted, options.proxy.certificateHeader);
      res.locals.partner = await options.identify(presented, now);
      // Only a TLS session binds the certificate to the connection; a proxy's header is per request.
      if (tls) verdicts.set(req.socket, { partner: res.locals.partner, until: now.getTime() + recheckMs });
      next();
    } catch (error) {
      next(error);
    }
  };
}

function presentedCertificate(req: Request, trusted: ReadonlySet<string>, header: string): Buffer | string | undefined {
  const socket = req.socket as Partial<TLSSocket>;
  if (socket.encrypted === true && typeof socket.getPeerCertificate === 'function') {
    const raw = socket.getPeerCertificate().raw as Buffer | undefined;
    return raw && raw.length > 0 ? raw : undefined;
  }
  if (!trusted.has(normaliseAddress(req.socket.remoteAddress ?? ''))) return undefined;
  const value = req.headers[header.toLowerCase()];
  if (typeof value !== 'string' || value.length === 0) return undefined;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** `::ffff:10.0.0.1` (an IPv4 peer on a dual-stack socket) is `10.0.0.1`. */
function normaliseAddress(address: string): string {
  return address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
}
