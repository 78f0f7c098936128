import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { thrownCode } from '../../../support/thrown-code.js';
import { buildRedirectAuthnRequest, signRedirectQuery, verifyRedirectQuery } from '../../../../src/trust/index.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const other = generateKeyPairSync('rsa', { modulusLength: 2048 });

const code = thrownCode;

const request = {
  id: '_0123456789abcdef0123456789abcdef',
  issueInstant: new Date('2026-03-01T10:00:00.123Z'),
  issuer: 'https://broker.example/sp',
  acsUrl: 'https://broker.example/saml/sp/acs',
  destination: 'https://ent.example/idp/sso?tenant=a&x=1',
  forceAuthn: true,
};

describe('trust/saml redirect binding', () => {
  it('builds an AuthnRequest URL that appends to a destination with a query and verifies', () => {
    const url = buildRedirectAuthnRequest(request, 'state&1', { privateKey });
    assert.ok(url.startsWith('https://ent.example/idp/sso?tenant=a&x=1&SAMLRequest='));
    const verified = verifyRedirectQuery(new URL(url).search, [other.publicKey, publicKey]);
    assert.equal(verified.keyIndex, 1);
    assert.equal(verified.relayState, 'state&1');
    for (const part of [
      'ID="_0123456789abcdef0123456789abcdef"',
      'Version="2.0"',
      'IssueInstant="2026-03-01T10:00:00Z"',
      'Destination="https://ent.example/idp/sso?tenant=a&amp;x=1"',
      'ForceAuthn="true"',
      'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST',
      '<saml:Issuer>https://broker.example/sp</saml:Issuer>',
      'AllowCreate="true"',
    ]) {
      assert.ok(verified.xml.includes(part), part);
    }
  });

  it('verifies from the raw octets whatever the parameter order, ignoring foreign parameters', () => {
    const query = signRedirectQuery('<a/>', 'rs', { privateKey, algorithm: 'rsa-sha512' });
    const parts = query.split('&');
    const shuffled = ['idENT=QUJD', parts[3], parts[2], parts[0], parts[1]].join('&');
    assert.equal(verifyRedirectQuery(shuffled, [publicKey]).xml, '<a/>');
  });

  it('refuses a missing signature, SHA-1, duplicates, a tampered message and an untrusted key', () => {
    const query = signRedirectQuery('<a/>', undefined, { privateKey });
    const noSignature = query.replace(/&Signature=[^&]*/, '');
    assert.equal(
      code(() => verifyRedirectQuery(noSignature, [publicKey])),
      'ERR_SAML_REQUEST_UNSIGNED',
    );
    const sha1 = query.replace(
      /SigAlg=[^&]*/,
      `SigAlg=${encodeURIComponent('http://www.w3.org/2000/09/xmldsig#rsa-sha1')}`,
    );
    assert.equal(
      code(() => verifyRedirectQuery(sha1, [publicKey])),
      'ERR_SAML_REDIRECT_ALGORITHM',
    );
    assert.equal(
      code(() => verifyRedirectQuery(`${query}&RelayState=x&RelayState=y`, [publicKey])),
      'ERR_SAML_REDIRECT_QUERY',
    );
    const otherMessage = encodeURIComponent(deflateRawSync('<b/>').toString('base64'));
    assert.equal(
      code(() => verifyRedirectQuery(query.replace(/SAMLRequest=[^&]*/, `SAMLRequest=${otherMessage}`), [publicKey])),
      'ERR_SAML_REDIRECT_SIGNATURE_INVALID',
    );
    assert.equal(
      code(() => verifyRedirectQuery(query, [other.publicKey])),
      'ERR_SAML_REDIRECT_SIGNATURE_INVALID',
    );
    assert.equal(
      code(() => verifyRedirectQuery(`${query}&RelayState=added`, [publicKey])),
      'ERR_SAML_REDIRECT_SIGNATURE_INVALID',
    );
  });

  it('stops a deflate bomb at the cap, fast', () => {
    const bomb = deflateRawSync(Buffer.alloc(30 * 1024 * 1024, 0x20));
    assert.ok(bomb.length < 48 * 1024);
    const query = `SAMLRequest=${encodeURIComponent(bomb.toString('base64'))}`;
    const started = process.hrtime.bigint();
    assert.equal(
      code(() => verifyRedirectQuery(query, [publicKey])),
      'ERR_SAML_INFLATE',
    );
    assert.ok(Number(process.hrtime.bigint() - started) / 1e6 < 100);
    const huge = deflateRawSync(Buffer.alloc(200 * 1024 * 1024, 0x20));
    assert.equal(
      code(() => verifyRedirectQuery(`SAMLRequest=${encodeURIComponent(huge.toString('base64'))}`, [publicKey])),
      'ERR_SAML_MESSAGE_ENCODING',
    );
    assert.equal(inflateRawSync(deflateRawSync('ok')).toString(), 'ok');
  });
});
