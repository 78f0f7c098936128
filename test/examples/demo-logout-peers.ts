/**
 * Stand-ins for the broker in the tests of the demo ENT's and demo publisher's logout endpoints,
 * built on another SAML library than the demo's samlify (@node-saml/node-saml) so that a shared
 * bug cannot make both sides agree: a local server that serves the broker's metadata (written out
 * here, as the broker renders it, with or without SingleLogoutService) and an OpenID discovery
 * document with its JWKS. No broker runs: these tests pass whatever state the broker is in.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { X509Certificate } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';

/** A local server whose handler is set once its URL is known (the demo apps need their own URL). */
export interface LocalServer {
  readonly url: string;
  handle(handler: (req: IncomingMessage, res: ServerResponse) => void): void;
  close(): Promise<void>;
}

export async function listenLocal(): Promise<LocalServer> {
  type Handler = (req: IncomingMessage, res: ServerResponse) => void;
  let current: Handler = (_req, res) => {
    res.statusCode = 503;
    res.end();
  };
  const server: Server = createServer((req, res) => current(req, res));
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `http://localhost:${(server.address() as AddressInfo).port}`,
    handle(handler) {
      current = handler;
    },
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/** The routes of a stand-in broker: path → [content type, body]; anything else 404. */
export function staticRoutes(routes: Map<string, readonly [string, string]>) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const route = routes.get((req.url ?? '').split('?')[0] ?? '');
    if (route === undefined) {
      res.statusCode = 404;
      res.end();
      return;
    }
    res.setHeader('content-type', route[0]);
    res.end(route[1]);
  };
}

const md = 'urn:oasis:names:tc:SAML:2.0:metadata';
const ds = 'http://www.w3.org/2000/09/xmldsig#';
const redirect = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';
const post = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST';
const transient = 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient';

function keyDescriptor(certPem: string): string {
  const der = new X509Certificate(certPem).raw.toString('base64');
  return (
    `<md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="${ds}"><ds:X509Data>`
    + `<ds:X509Certificate>${der}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`
  );
}

function sloServices(sloUrl: string | undefined): string {
  if (sloUrl === undefined) return '';
  return (
    `<md:SingleLogoutService Binding="${redirect}" Location="${sloUrl}"/>`
    + `<md:SingleLogoutService Binding="${post}" Location="${sloUrl}"/>`
  );
}

/** The broker's SP metadata toward the ENTs: signed requests, signed assertions, a POST ACS. */
interface MetadataInput {
  readonly entityId: string;
  readonly sloUrl?: string;
  readonly certPem: string;
}

export function brokerSpMetadata(input: MetadataInput & { readonly acsUrl: string }): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<md:EntityDescriptor xmlns:md="${md}" entityID="${input.entityId}">`
    + '<md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"'
    + ' AuthnRequestsSigned="true" WantAssertionsSigned="true">'
    + `${keyDescriptor(input.certPem)}${sloServices(input.sloUrl)}`
    + `<md:NameIDFormat>${transient}</md:NameIDFormat>`
    + `<md:AssertionConsumerService Binding="${post}" Location="${input.acsUrl}" index="0" isDefault="true"/>`
    + '</md:SPSSODescriptor></md:EntityDescriptor>\n'
  );
}

/** The broker's IdP metadata toward the publishers. */
export function brokerIdpMetadata(input: MetadataInput & { readonly ssoUrl: string }): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<md:EntityDescriptor xmlns:md="${md}" entityID="${input.entityId}">`
    + '<md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"'
    + ' WantAuthnRequestsSigned="true">'
    + `${keyDescriptor(input.certPem)}${sloServices(input.sloUrl)}<md:NameIDFormat>${transient}</md:NameIDFormat>`
    + `<md:SingleSignOnService Binding="${redirect}" Location="${input.ssoUrl}"/>`
    + '</md:IDPSSODescriptor></md:EntityDescriptor>\n'
  );
}

/** The query of a Redirect-binding URL as node-saml's `validateRedirectAsync` takes it. */
export function redirectParts(url: string): { container: Record<string, string>; rawQuery: string; xml: string } {
  const parsed = new URL(url);
  const container = Object.fromEntries(parsed.searchParams);
  const message = container['SAMLRequest'] ?? container['SAMLResponse'] ?? '';
  const xml = inflateRawSync(Buffer.from(message, 'base64')).toString('utf8');
  return { container, rawQuery: parsed.search.slice(1), xml };
}

/** One attribute of the root element of `xml` (tests read what they assert, nothing more). */
export function rootAttribute(xml: string, name: string): string | undefined {
  const root = /^(?:<\?xml[^>]*\?>\s*)?<[^>]+>/.exec(xml)?.[0] ?? '';
  return new RegExp(`\\s${name}="([^"]*)"`).exec(root)?.[1];
}

export const samlNames = { transient, redirect, post } as const;
