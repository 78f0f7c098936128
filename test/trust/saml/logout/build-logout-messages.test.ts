/**
 * The broker's outgoing logout messages: buildLogoutRequest / buildLogoutResponse write
 * schema-valid SAML with exactly the fields asked for, logoutEndpointFor picks where they go
 * from metadata only, and logoutMessageTo signs them for that binding or refuses what the
 * partner would refuse anyway.
 */
import assert from 'node:assert/strict';
import { inflateRawSync } from 'node:zlib';
import {
  buildLogoutRequest,
  buildLogoutResponse,
  createSamlSchemaValidator,
  logoutEndpointFor,
  logoutMessageTo,
  parseXmlSafely,
  type LogoutRequestToPartner,
  type LogoutResponseToPartner,
  type SamlLogoutEndpoint,
} from '../../../../src/trust/index.js';
import { testSigningKeys } from '../../../support/saml-signing.js';
import { thrownCode } from '../../../support/thrown-code.js';
import { definedFields } from '../../../../src/core/defined-fields.js';

const schema = createSamlSchemaValidator();
const now = new Date('2026-09-01T10:00:00.456Z');
const request: LogoutRequestToPartner = {
  id: '_0123456789abcdef',
  issuer: 'https://broker.test/idp',
  destination: 'https://publisher.test/slo?tenant=a',
  now,
  nameId: '_transient-1',
  nameIdFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient',
  spNameQualifier: 'https://publisher.test/sp',
  sessionIndex: '_session-1',
  notOnOrAfterSeconds: 120,
};
const response: LogoutResponseToPartner = {
  id: '_fedcba9876543210',
  issuer: 'https://broker.test/sp',
  destination: 'https://ent.test/slo',
  now,
  inResponseTo: '_ent-request-1',
  status: 'success',
};
const status = (name: string): string => `urn:oasis:names:tc:SAML:2.0:status:${name}`;
const key = () => {
  const { privateKey, certificatePem } = testSigningKeys().idp;
  return { privateKey, certificatePem };
};
const redirectSlo = (location: string, responseLocation?: string): SamlLogoutEndpoint => ({
  binding: 'HTTP-Redirect',
  location,
  ...definedFields({ responseLocation }),
});
const postSlo = (location: string): SamlLogoutEndpoint => ({ binding: 'HTTP-POST', location });

function statusCodes(xml: string): (string | null)[] {
  return Array.from(
    parseXmlSafely(xml).getElementsByTagNameNS('urn:oasis:names:tc:SAML:2.0:protocol', 'StatusCode'),
  ).map((code) => code.getAttribute('Value'));
}

describe('trust/saml buildLogoutRequest / buildLogoutResponse', () => {
  it('writes a schema-valid LogoutRequest: the NameID as the assertion had it, SessionIndex, NotOnOrAfter', () => {
    const xml = buildLogoutRequest(request);
    schema.validate(xml);
    for (const part of [
      'ID="_0123456789abcdef"',
      'Version="2.0"',
      'IssueInstant="2026-09-01T10:00:00Z"',
      'NotOnOrAfter="2026-09-01T10:02:00Z"',
      'Destination="https://publisher.test/slo?tenant=a"',
      '<saml:Issuer>https://broker.test/idp</saml:Issuer>',
      '<saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:transient"'
        + ' SPNameQualifier="https://publisher.test/sp">_transient-1</saml:NameID>',
      '<samlp:SessionIndex>_session-1</samlp:SessionIndex>',
    ]) {
      assert.ok(xml.includes(part), part);
    }
  });

  it('leaves out what is not given, and escapes what XML needs escaped', () => {
    const xml = buildLogoutRequest({
      id: '_a',
      issuer: 'https://b.test/sp',
      destination: 'https://ent.test/slo',
      now,
      nameId: 'a<b&"c"',
    });
    schema.validate(xml);
    assert.ok(xml.includes('<saml:NameID>a&lt;b&amp;"c"</saml:NameID>'));
    for (const absent of ['NotOnOrAfter', 'SessionIndex', 'Format=', 'SPNameQualifier']) {
      assert.ok(!xml.includes(absent), absent);
    }
  });

  it('answers Success, Success/PartialLogout or Requester, schema-valid, InResponseTo set', () => {
    const expected = {
      success: [status('Success')],
      partial: [status('Success'), status('PartialLogout')],
      'requester-error': [status('Requester')],
    };
    for (const [outcome, codes] of Object.entries(expected)) {
      const xml = buildLogoutResponse({ ...response, status: outcome as LogoutResponseToPartner['status'] });
      schema.validate(xml);
      assert.deepEqual(statusCodes(xml), codes, outcome);
      assert.ok(xml.includes('InResponseTo="_ent-request-1"') && xml.includes('Destination="https://ent.test/slo"'));
    }
  });

  it('refuses inputs the broker should never produce: ERR_SAML_LOGOUT_BUILD', () => {
    const cases: ReadonlyArray<[string, () => unknown]> = [
      ['ID not an NCName', () => buildLogoutRequest({ ...request, id: '1"><evil/>' })],
      ['relative destination', () => buildLogoutRequest({ ...request, destination: '/slo' })],
      ['NUL in the NameID', () => buildLogoutRequest({ ...request, nameId: 'a\u0000b' })],
      ['empty NameID', () => buildLogoutRequest({ ...request, nameId: '' })],
      ['NotOnOrAfter not after now', () => buildLogoutRequest({ ...request, notOnOrAfterSeconds: 0 })],
      ['NotOnOrAfter in milliseconds', () => buildLogoutRequest({ ...request, notOnOrAfterSeconds: 120_000 })],
      ['invalid instant', () => buildLogoutRequest({ ...request, now: new Date(Number.NaN) })],
      ['empty InResponseTo', () => buildLogoutResponse({ ...response, inResponseTo: '' })],
      ['lone surrogate in InResponseTo', () => buildLogoutResponse({ ...response, inResponseTo: '_\uD800' })],
    ];
    for (const [what, work] of cases) assert.equal(thrownCode(work), 'ERR_SAML_LOGOUT_BUILD', what);
  });
});

describe('trust/saml logoutEndpointFor / logoutMessageTo', () => {
  const endpoints = [
    postSlo('https://publisher.test/slo-post'),
    redirectSlo('https://publisher.test/slo', 'https://publisher.test/slo-done'),
  ];

  it('prefers HTTP-Redirect, else HTTP-POST; responses go to ResponseLocation; nothing comes of nothing', () => {
    const redirect = (url: string) => ({ binding: 'HTTP-Redirect', url });
    assert.deepEqual(logoutEndpointFor(endpoints, 'request'), redirect('https://publisher.test/slo'));
    assert.deepEqual(logoutEndpointFor(endpoints, 'response'), redirect('https://publisher.test/slo-done'));
    assert.deepEqual(logoutEndpointFor([postSlo('https://p.test/slo')], 'response'), {
      binding: 'HTTP-POST',
      url: 'https://p.test/slo',
    });
    assert.equal(logoutEndpointFor([], 'request'), undefined);
    assert.equal(logoutMessageTo([], { xml: buildLogoutRequest(request), kind: 'request' }, key()), undefined);
  });

  it("redirects with a signed SAMLRequest appended to the endpoint's own query", () => {
    const xml = buildLogoutRequest(request);
    const delivery = logoutMessageTo(
      [redirectSlo(request.destination)],
      { xml, kind: 'request', relayState: 'r&1' },
      key(),
    );
    assert.ok(delivery?.kind === 'redirect');
    const url = new URL(delivery.location);
    assert.equal(url.searchParams.get('tenant'), 'a');
    assert.equal(url.searchParams.get('RelayState'), 'r&1');
    assert.equal(url.searchParams.get('SigAlg'), 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256');
    assert.ok(url.searchParams.get('Signature'));
    const message = Buffer.from(url.searchParams.get('SAMLRequest') ?? '', 'base64');
    assert.equal(inflateRawSync(message).toString('utf8'), xml);
  });

  it('posts a SAMLResponse carrying an enveloped signature right after the Issuer', () => {
    const xml = buildLogoutResponse({ ...response, destination: 'https://ent.test/slo-post' });
    const delivery = logoutMessageTo([postSlo('https://ent.test/slo-post')], { xml, kind: 'response' }, key());
    assert.ok(delivery?.kind === 'post');
    assert.equal(delivery.action, 'https://ent.test/slo-post');
    assert.deepEqual(Object.keys(delivery.fields), ['SAMLResponse']);
    const posted = Buffer.from(delivery.fields['SAMLResponse'] ?? '', 'base64').toString('utf8');
    schema.validate(posted);
    assert.match(posted, /<\/saml:Issuer><ds:Signature[^>]*><ds:SignedInfo>[\s\S]*URI="#_fedcba9876543210"/);
  });

  it('refuses a mismatched Destination, the other kind, an 81-byte RelayState, a key that is not RSA', () => {
    const xml = buildLogoutRequest(request);
    const to = [redirectSlo(request.destination)];
    const ec = { privateKey: testSigningKeys().ec.privateKey, certificatePem: testSigningKeys().ec.certificatePem };
    const cases: ReadonlyArray<[string, () => unknown]> = [
      ['Destination', () => logoutMessageTo([redirectSlo('https://p.test/other')], { xml, kind: 'request' }, key())],
      ['kind', () => logoutMessageTo(to, { xml, kind: 'response' }, key())],
      ['RelayState', () => logoutMessageTo(to, { xml, kind: 'request', relayState: 'x'.repeat(81) }, key())],
      ['EC key', () => logoutMessageTo(to, { xml, kind: 'request' }, ec)],
    ];
    for (const [what, work] of cases) assert.equal(thrownCode(work), 'ERR_SAML_LOGOUT_BUILD', what);
  });
});
