/**
 * The two sides of a licence manager's login in the tests: a samlify 2.13.1 ENT that sends
 * IdP-initiated Responses (GAR's model for the console) with any value changed, and a browser
 * that behaves like one across sites: on a POST from the ENT it sends the ENT's Origin and only
 * its SameSite=None cookies, as a real browser does for a cross-site form post (all of them when
 * the ENT is on the same site: same scheme and host, any port).
 */
import { createRequire } from 'node:module';
import { inflateRawSync } from 'node:zlib';
import * as samlify from 'samlify';
import type { PeerKey } from '../../support/saml-flow-peers.js';
import { definedFields } from '../../../src/core/defined-fields.js';

export interface ResponseChanges {
  readonly audience?: string;
  readonly destination?: string;
  readonly recipient?: string;
  /** Seconds relative to now. */
  readonly issuedAt?: number;
  readonly notOnOrAfter?: number;
  /** Absent: unsolicited (no InResponseTo anywhere, saml-profiles §4.1.5). */
  readonly inResponseTo?: string;
}

export interface ConsoleEnt {
  readonly entityId: string;
  readonly metadataXml: string;
  /** A signed Response (base64) for `user`, for the SP of `spMetadata`, at its ACS unless changed. */
  respond(spMetadata: string, user: string, changes?: ResponseChanges): Promise<string>;
}

// SamlLib is exported by a getter that Node's ESM view of samlify (a CommonJS package) does not see.
const { SamlLib } = createRequire(import.meta.url)('samlify') as typeof samlify;

const iso = (seconds: number): string => new Date(Date.now() + seconds * 1000).toISOString();

export function consoleEnt(key: PeerKey, entityId: string): ConsoleEnt {
  const idp = samlify.IdentityProvider({
    entityID: entityId,
    signingCert: key.certPem,
    privateKey: key.keyPem,
    wantAuthnRequestsSigned: true,
    singleSignOnService: [
      { Binding: samlify.Constants.namespace.binding.redirect, Location: `${new URL(entityId).origin}/sso` },
    ],
    requestSignatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  });
  return {
    entityId,
    metadataXml: idp.getMetadata(),
    async respond(spMetadata, user, changes = {}) {
      const sp = samlify.ServiceProvider({ metadata: spMetadata });
      const acs = sp.entityMeta.getAssertionConsumerService('post') as string;
      const values = {
        ID: `_r${Math.random().toString(16).slice(2)}`,
        AssertionID: `_a${Math.random().toString(16).slice(2)}`,
        Destination: changes.destination ?? acs,
        SubjectRecipient: changes.recipient ?? acs,
        Audience: changes.audience ?? sp.entityMeta.getEntityID(),
        Issuer: entityId,
        IssueInstant: iso(changes.issuedAt ?? 0),
        StatusCode: samlify.Constants.StatusCode.Success,
        ConditionsNotBefore: iso((changes.issuedAt ?? 0) - 5),
        ConditionsNotOnOrAfter: iso(changes.notOnOrAfter ?? 300),
        SubjectConfirmationDataNotOnOrAfter: iso(changes.notOnOrAfter ?? 300),
        NameIDFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
        NameID: user,
        // undefined: samlify drops the attribute, as an unsolicited Response must (saml-profiles §4.1.5).
        InResponseTo: changes.inResponseTo,
        AuthnStatement: '',
        AttributeStatement: '',
      };
      const response = await idp.createLoginResponse(sp, {} as never, 'post', { email: user }, (template: string) => ({
        id: values.ID,
        context: SamlLib.replaceTagsByValue(template, values),
      }));
      return (response as { context: string }).context;
    },
  };
}

export interface Hop {
  readonly status: number;
  readonly location?: string;
  readonly body: string;
  readonly setCookies: readonly string[];
}

/** A cookie jar that remembers each cookie's SameSite, to post across sites as browsers do. */
export class CrossSiteBrowser {
  readonly cookies = new Map<string, { readonly value: string; readonly sameSite: string }>();

  get(url: string): Promise<Hop> {
    return this.send(url, { method: 'GET' }, () => true);
  }

  /** A form the ENT's page posts to `url`: the ENT's Origin, and only SameSite=None cookies unless on the same site. */
  postFromEnt(url: string, fields: Record<string, string>, entOrigin = 'https://ent.test'): Promise<Hop> {
    const [to, from] = [new URL(url), new URL(entOrigin)];
    const sameSite = to.protocol === from.protocol && to.hostname === from.hostname;
    return this.send(
      url,
      {
        method: 'POST',
        body: new URLSearchParams(fields).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: entOrigin },
      },
      (cookieSameSite) => sameSite || cookieSameSite === 'none',
    );
  }

  private async send(
    url: string,
    init: { method: string; body?: string; headers?: Record<string, string> },
    sent: (sameSite: string) => boolean,
  ): Promise<Hop> {
    const cookie = [...this.cookies]
      .filter(([, c]) => sent(c.sameSite))
      .map(([k, c]) => `${k}=${c.value}`)
      .join('; ');
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...init.headers, ...(cookie === '' ? {} : { cookie }) },
    });
    const setCookies = response.headers.getSetCookie();
    for (const line of setCookies) this.absorb(line);
    const location = response.headers.get('location') ?? undefined;
    return { status: response.status, body: await response.text(), setCookies, ...definedFields({ location }) };
  }

  private absorb(line: string): void {
    const [pair = '', ...attributes] = line.split(';').map((p) => p.trim());
    const name = pair.slice(0, pair.indexOf('='));
    const value = pair.slice(pair.indexOf('=') + 1);
    const sameSite =
      attributes
        .find((a) => a.toLowerCase().startsWith('samesite='))
        ?.slice(9)
        .toLowerCase() ?? 'lax';
    if (value === '' || attributes.some((a) => a.toLowerCase() === 'max-age=0')) this.cookies.delete(name);
    else this.cookies.set(name, { value, sameSite });
  }
}

/** The AuthnRequest XML a Redirect-binding URL carries. */
export function authnRequestOf(location: string): string {
  const encoded = new URL(location).searchParams.get('SAMLRequest') ?? '';
  return inflateRawSync(Buffer.from(encoded, 'base64')).toString('utf8');
}
