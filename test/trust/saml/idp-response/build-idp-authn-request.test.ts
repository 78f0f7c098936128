/**
 * buildRedirectAuthnRequest, checked from outside: the query is taken apart by hand (not by
 * redirect-binding.ts, which made it), the signature verified with node:crypto over the octets
 * saml-bindings §3.4.4.1 names, and the XML validated against the SAML schema.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync, verify } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import {
  buildRedirectAuthnRequest,
  createSamlSchemaValidator,
  type AuthnRequestToIdp,
} from '../../../../src/trust/index.js';
import { parseXmlSafely } from '../../../../src/trust/xmldsig/parse-xml-safely.js';
import { thrownCode } from '../../../support/thrown-code.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const request: AuthnRequestToIdp = {
  id: '_5f2b8c1d9e0a4b3c8d7e6f5a4b3c2d1e',
  issueInstant: new Date('2026-09-01T08:00:00.250Z'),
  issuer: 'https://broker.test/saml/sp?a=1&b="2"<',
  acsUrl: 'https://broker.test/saml/sp/acs',
  destination: 'https://ent.test/sso',
};

/** The query's raw parameters, the signed octets and the inflated request. */
function takeApart(url: string): {
  readonly base: string;
  readonly raw: Map<string, string>;
  readonly octets: string;
  readonly xml: string;
} {
  const mark = url.indexOf('?');
  const [base, query] = mark < 0 ? [url, ''] : [url.slice(0, mark), url.slice(mark + 1)];
  const raw = new Map(query.split('&').map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)] as const));
  const octets = ['SAMLRequest', 'RelayState', 'SigAlg']
    .filter((n) => raw.has(n))
    .map((n) => `${n}=${raw.get(n) ?? ''}`)
    .join('&');
  const xml = inflateRawSync(Buffer.from(decodeURIComponent(raw.get('SAMLRequest') ?? ''), 'base64')).toString('utf8');
  return { base, raw, octets, xml };
}

const signatureOk = (parts: ReturnType<typeof takeApart>, hash: string): boolean =>
  verify(
    hash,
    Buffer.from(parts.octets),
    publicKey,
    Buffer.from(decodeURIComponent(parts.raw.get('Signature') ?? ''), 'base64'),
  );

describe('trust/saml buildRedirectAuthnRequest', () => {
  it('signs exactly SAMLRequest, RelayState and SigAlg (rsa-sha256 by default); the request is schema-valid', () => {
    const parts = takeApart(buildRedirectAuthnRequest(request, 'rs/é&1', { privateKey }));
    assert.equal(parts.base, 'https://ent.test/sso');
    assert.deepEqual([...parts.raw.keys()], ['SAMLRequest', 'RelayState', 'SigAlg', 'Signature']);
    assert.equal(decodeURIComponent(parts.raw.get('RelayState') ?? ''), 'rs/é&1');
    assert.equal(
      decodeURIComponent(parts.raw.get('SigAlg') ?? ''),
      'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    );
    assert.ok(signatureOk(parts, 'sha256'));
    createSamlSchemaValidator().validate(parts.xml);
  });

  it('writes the request the ENT needs, values escaped, IssueInstant without milliseconds', () => {
    const root = parseXmlSafely(
      takeApart(buildRedirectAuthnRequest({ ...request, forceAuthn: true }, undefined, { privateKey })).xml,
    ).documentElement;
    const attributes = Object.fromEntries(
      Array.from(root.attributes)
        .filter((a) => !a.name.startsWith('xmlns'))
        .map((a) => [a.name, a.value]),
    );
    assert.deepEqual(attributes, {
      ID: request.id,
      Version: '2.0',
      IssueInstant: '2026-09-01T08:00:00Z',
      Destination: request.destination,
      AssertionConsumerServiceURL: request.acsUrl,
      ProtocolBinding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST',
      ForceAuthn: 'true',
    });
    assert.equal(
      root.getElementsByTagNameNS('urn:oasis:names:tc:SAML:2.0:assertion', 'Issuer')[0]?.textContent,
      request.issuer,
    );
    assert.equal(
      root
        .getElementsByTagNameNS('urn:oasis:names:tc:SAML:2.0:protocol', 'NameIDPolicy')[0]
        ?.getAttribute('AllowCreate'),
      'true',
    );
  });

  it("keeps the destination's own query (outside the signed octets) and drops its fragment", () => {
    const parts = takeApart(
      buildRedirectAuthnRequest({ ...request, destination: 'https://ent.test/sso?tenant=a%20b#top' }, undefined, {
        privateKey,
        algorithm: 'rsa-sha512',
      }),
    );
    assert.equal(parts.base, 'https://ent.test/sso');
    assert.equal(parts.raw.get('tenant'), 'a%20b');
    assert.ok(!parts.octets.includes('tenant') && !parts.raw.has('RelayState'));
    assert.ok(signatureOk(parts, 'sha512'));
    assert.ok(!JSON.stringify([...parts.raw.values()]).includes('#'));
  });

  const refused: ReadonlyArray<readonly [string, () => string]> = [
    ['a RelayState over 80 bytes', () => buildRedirectAuthnRequest(request, 'é'.repeat(41), { privateKey })],
    [
      'an ID that is not an NCName',
      () => buildRedirectAuthnRequest({ ...request, id: '1" injected="' }, undefined, { privateKey }),
    ],
    [
      'a relative destination',
      () => buildRedirectAuthnRequest({ ...request, destination: '/sso' }, undefined, { privateKey }),
    ],
    [
      'an EC signing key',
      () =>
        buildRedirectAuthnRequest(request, undefined, {
          privateKey: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey,
        }),
    ],
  ];
  for (const [name, build] of refused) {
    it(`refuses ${name} → ERR_SAML_AUTHN_REQUEST_BUILD`, () =>
      assert.equal(thrownCode(build), 'ERR_SAML_AUTHN_REQUEST_BUILD'));
  }
});
