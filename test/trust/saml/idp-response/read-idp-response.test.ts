/**
 * readIdpResponse on Responses made at test time (test/support/idp-response-builder.ts), times
 * relative to now: the accepted forms return every field, each refusal its exact code.
 */
import assert from 'node:assert/strict';
import {
  envelopedSignatures,
  readIdpResponse,
  type IdpResponseExpectations,
  type RequiredResponseSignature,
} from '../../../../src/trust/index.js';
import {
  base64,
  brokerEncryptionKey,
  buildIdpResponse,
  idpExpectations,
  idpParties,
  testIdpMetadata,
  unsignedResponse,
  type BuildOptions,
} from '../../../support/idp-response-builder.js';
import { firstSignature, testSigningKeys, withoutFirstSignature } from '../../../support/saml-signing.js';
import { thrownCode } from '../../../support/thrown-code.js';

const read = (xml: string, required: RequiredResponseSignature, changes: Partial<IdpResponseExpectations> = {}) =>
  readIdpResponse(base64(xml), idpExpectations({ requiredSignature: required, ...changes }));

const refusal = (
  xml: string,
  required: RequiredResponseSignature,
  changes: Partial<IdpResponseExpectations> = {},
): string => thrownCode(() => read(xml, required, changes));

const built = (options: BuildOptions): string => buildIdpResponse(options);

function assertAccepted(xml: string, required: RequiredResponseSignature): void {
  const started = Date.now();
  const verified = read(xml, required);
  assert.equal(verified.responseId, '_resp1');
  assert.equal(verified.assertionId, '_assert1');
  assert.equal(verified.inResponseTo, idpParties.requestId);
  assert.equal(verified.issuer, idpParties.idp);
  assert.deepEqual(verified.nameId, {
    value: 'user-42@ent.test',
    format: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
  });
  assert.equal(verified.sessionIndex, '_session7');
  assert.ok(verified.authnInstant instanceof Date);
  assert.ok(Math.abs(verified.issueInstant.getTime() - started) < 5000);
  // The confirmation's NotOnOrAfter (now + 240 s) is earlier than the Conditions' (now + 300 s).
  assert.ok(Math.abs(verified.notOnOrAfter.getTime() - (started + 240_000)) < 5000);
  assert.deepEqual(
    { ...verified.attributes },
    { ENTPersonJointure: ['ENT$1234'], ENTPersonProfils: ['National_ELV', 'National_ENS'] },
  );
}

/** The signed assertion as it stands in `signed`, and an unsigned copy saying another user. */
function signedAndEvil(signed: string): { readonly assertion: string; readonly evil: string } {
  const found = /<saml:Assertion\b[\s\S]*<\/saml:Assertion>/.exec(signed);
  if (found === null) throw new Error('no assertion');
  const evil = found[0]
    .replace(firstSignature(found[0]), '')
    .replace('ID="_assert1"', 'ID="_evil1"')
    .replace('user-42@ent.test', 'admin@ent.test');
  return { assertion: found[0], evil };
}

describe('readIdpResponse (responses built at test time)', () => {
  describe('accepted', () => {
    it('valid-assertion-signed', () => assertAccepted(built({ sign: 'assertion' }), 'assertion'));
    it('valid-response-signed', () => assertAccepted(built({ sign: 'response' }), 'response'));
    it('valid-both-signed', () => assertAccepted(built({ sign: 'both' }), 'both'));
    it('valid-either-with-assertion-signed', () => assertAccepted(built({ sign: 'assertion' }), 'either'));
    it('valid-encrypted (AES-256-GCM, RSA-OAEP-MGF1P, signed assertion)', () =>
      assertAccepted(built({ sign: 'assertion', encryptTo: brokerEncryptionKey().publicKey }), 'assertion'));
    it('valid-encrypted-in-signed-response (both signatures)', () =>
      assertAccepted(built({ sign: 'both', encryptTo: brokerEncryptionKey().publicKey }), 'both'));
    it('valid-with-a-second-trusted-key (metadata rollover)', () => {
      const keys = testSigningKeys();
      const idp = testIdpMetadata([keys.attacker.certificatePem, keys.idp.certificatePem]);
      assert.equal(read(built({ sign: 'assertion' }), 'assertion', { idp }).assertionId, '_assert1');
    });
  });

  describe('refused: signatures', () => {
    it('signature-stripped', () =>
      assert.equal(
        refusal(withoutFirstSignature(built({ sign: 'assertion' })), 'assertion'),
        'ERR_SAML_RESPONSE_UNSIGNED',
      ));
    it('unsigned-response-when-response-required', () =>
      assert.equal(refusal(built({ sign: 'assertion' }), 'response'), 'ERR_SAML_RESPONSE_UNSIGNED'));
    it('unsigned-assertion-when-both-required', () =>
      assert.equal(refusal(built({ sign: 'response' }), 'both'), 'ERR_SAML_RESPONSE_UNSIGNED'));
    it('nothing-signed-when-either-required', () =>
      assert.equal(refusal(built({ sign: 'none' }), 'either'), 'ERR_SAML_RESPONSE_UNSIGNED'));
    it('signed-by-untrusted-key', () =>
      assert.equal(
        refusal(built({ sign: 'assertion', key: testSigningKeys().attacker }), 'assertion'),
        'ERR_XMLDSIG_INVALID',
      ));
    it('tampered-after-signing', () =>
      assert.equal(
        refusal(built({ sign: 'assertion' }).replace('National_ELV', 'National_DIR'), 'assertion'),
        'ERR_XMLDSIG_INVALID',
      ));
    it('encrypted-to-another-key', () => {
      const other = testSigningKeys().attacker.publicKey;
      assert.equal(
        refusal(built({ sign: 'assertion', encryptTo: other }), 'assertion'),
        'ERR_SAML_RESPONSE_DECRYPTION',
      );
    });
  });

  describe('refused: assertion wrapping', () => {
    it('assertion-wrapped: an evil assertion beside the signed one', () => {
      const signed = built({ sign: 'assertion' });
      const { assertion, evil } = signedAndEvil(signed);
      assert.equal(
        refusal(signed.replace(assertion, evil + assertion), 'assertion'),
        'ERR_SAML_RESPONSE_ASSERTION_COUNT',
      );
    });
    it('assertion-wrapped: the signed one moved into Extensions, an evil one in its place', () => {
      const signed = built({ sign: 'assertion' });
      const { assertion, evil } = signedAndEvil(signed);
      const moved = signed
        .replace(assertion, evil)
        .replace('<samlp:Status>', `<samlp:Extensions>${assertion}</samlp:Extensions><samlp:Status>`);
      assert.equal(refusal(moved, 'assertion'), 'ERR_SAML_RESPONSE_ASSERTION_COUNT');
    });
    it('two-assertions (both validly signed)', () => {
      const signed = built({ sign: 'assertion' });
      const { assertion } = signedAndEvil(signed);
      const twin = built({ sign: 'assertion' });
      const second = signedAndEvil(twin).assertion.replaceAll('_assert1', '_assert2');
      assert.equal(
        refusal(signed.replace(assertion, assertion + second), 'assertion'),
        'ERR_SAML_RESPONSE_ASSERTION_COUNT',
      );
    });
    it('no-assertion in a signed Success Response', () => {
      const empty = unsignedResponse().replace(/<saml:Assertion\b[\s\S]*<\/saml:Assertion>/, '');
      const signed = envelopedSignatures.sign(empty, { element: 'root', privateKey: testSigningKeys().idp.privateKey });
      assert.equal(refusal(signed, 'response'), 'ERR_SAML_RESPONSE_ASSERTION_COUNT');
    });
  });

  describe('refused: conditions and parties', () => {
    const cases: ReadonlyArray<readonly [string, BuildOptions, string]> = [
      [
        'expired',
        {
          sign: 'assertion',
          values: { issuedAt: -1200, notBefore: -1260, notOnOrAfter: -900, confirmationNotOnOrAfter: -900 },
        },
        'ERR_SAML_RESPONSE_EXPIRED',
      ],
      [
        'confirmation-expired (Conditions still valid)',
        { sign: 'assertion', values: { confirmationNotOnOrAfter: -120 } },
        'ERR_SAML_RESPONSE_EXPIRED',
      ],
      ['not-before-in-future', { sign: 'assertion', values: { notBefore: 600 } }, 'ERR_SAML_RESPONSE_NOT_YET_VALID'],
      [
        'wrong-audience',
        { sign: 'assertion', values: { audience: 'https://other.test/sp' } },
        'ERR_SAML_RESPONSE_AUDIENCE',
      ],
      ['no-audience-restriction', { sign: 'assertion', values: { audience: '' } }, 'ERR_SAML_RESPONSE_AUDIENCE'],
      [
        'wrong-destination',
        { sign: 'both', values: { destination: 'https://other.test/acs' } },
        'ERR_SAML_RESPONSE_DESTINATION',
      ],
      [
        'wrong-recipient',
        { sign: 'assertion', values: { recipient: 'https://other.test/acs' } },
        'ERR_SAML_RESPONSE_RECIPIENT',
      ],
      ['unsolicited', { sign: 'assertion', values: { inResponseTo: '' } }, 'ERR_SAML_RESPONSE_UNSOLICITED'],
      [
        'wrong-issuer (assertion)',
        { sign: 'assertion', values: { assertionIssuer: 'https://evil.test/idp' } },
        'ERR_SAML_RESPONSE_ISSUER',
      ],
      [
        'wrong-issuer (response)',
        { sign: 'both', values: { responseIssuer: 'https://evil.test/idp' } },
        'ERR_SAML_RESPONSE_ISSUER',
      ],
    ];
    for (const [name, options, code] of cases) {
      it(name, () => assert.equal(refusal(built(options), options.sign === 'both' ? 'both' : 'assertion'), code));
    }
  });

  describe('refused: the message itself', () => {
    it('doctype', () => {
      const xml = built({ sign: 'assertion' }).replace(
        '<samlp:Response',
        '<!DOCTYPE samlp:Response [<!ENTITY e "x">]><samlp:Response',
      );
      assert.equal(refusal(xml, 'assertion'), 'ERR_SAML_XML_DOCTYPE');
    });
    it('status-not-success', () => {
      const failed = unsignedResponse()
        .replace(
          '<samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/>',
          '<samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Responder">'
            + '<samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:AuthnFailed"/></samlp:StatusCode>',
        )
        .replace(/<saml:Assertion\b[\s\S]*<\/saml:Assertion>/, '');
      assert.equal(refusal(failed, 'assertion'), 'ERR_SAML_RESPONSE_STATUS');
    });
    it('not-base64', () =>
      assert.equal(
        thrownCode(() => readIdpResponse('PHNhbWxwOl%%%not*base64', idpExpectations())),
        'ERR_SAML_MESSAGE_ENCODING',
      ));
    it('not-a-response (an AuthnRequest posted to the ACS)', () => {
      const request =
        '<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"'
        + ' xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"'
        + ' ID="_r" Version="2.0" IssueInstant="2026-01-01T00:00:00Z">'
        + '<saml:Issuer>x</saml:Issuer></samlp:AuthnRequest>';
      assert.equal(refusal(request, 'assertion'), 'ERR_SAML_RESPONSE_ROOT');
    });
  });
});
