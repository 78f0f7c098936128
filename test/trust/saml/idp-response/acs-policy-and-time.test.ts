/**
 * readIdpResponse around the fixtures: which `requiredSignature` each signing form satisfies,
 * the skew boundaries, key rotation (signing and decryption), and a signature that is present
 * but not required, which must still verify.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { isBrokerError } from '../../../../src/core/broker-error.js';
import { readIdpResponse, type RequiredResponseSignature } from '../../../../src/trust/index.js';
import { thrownCode } from '../../../support/thrown-code.js';
import {
  acsExpectations,
  acsNow,
  brokerDecryptionKey,
  entIdpMetadata,
  readFixture,
  readFixtureResponse,
} from './acs-expectations.js';

const ok = 'accepted';
const unsigned = 'ERR_SAML_RESPONSE_UNSIGNED';
/** 'accepted', or the code of the BrokerError thrown (anything else fails the test). */
function outcome(work: () => unknown): string {
  try {
    work();
    return ok;
  } catch (error) {
    if (isBrokerError(error)) return error.code;
    throw error;
  }
}

describe('trust/saml readIdpResponse: required signatures', () => {
  const matrix: ReadonlyArray<readonly [string, Readonly<Record<RequiredResponseSignature, string>>]> = [
    ['valid.assertion-signed.xml', { assertion: ok, either: ok, response: unsigned, both: unsigned }],
    ['valid.response-signed.xml', { assertion: unsigned, either: ok, response: ok, both: unsigned }],
    ['valid.both-signed.xml', { assertion: ok, either: ok, response: ok, both: ok }],
    ['valid.encrypted-assertion.xml', { assertion: ok, either: ok, response: unsigned, both: unsigned }],
    [
      'valid.encrypted-unsigned-assertion-in-signed-response.xml',
      { assertion: unsigned, either: ok, response: ok, both: unsigned },
    ],
    ['signature-stripped.xml', { assertion: unsigned, either: unsigned, response: unsigned, both: unsigned }],
  ];
  for (const [file, expected] of matrix) {
    for (const [required, code] of Object.entries(expected)) {
      it(`${file} with requiredSignature '${required}' → ${code}`, () => {
        assert.equal(
          outcome(() => readFixtureResponse(file, required as RequiredResponseSignature)),
          code,
        );
      });
    }
  }

  it("verifies a Response signature present though only the assertion's is required → ERR_XMLDSIG_INVALID", () => {
    const xml = readFixture('valid.both-signed.xml');
    // The first SignatureValue in the text is the Response's (right after its Issuer).
    const altered = xml.replace(
      /(<ds:SignatureValue>)(.)/,
      (_, tag: string, c: string) => `${tag}${c === 'A' ? 'B' : 'A'}`,
    );
    assert.notEqual(altered, xml);
    assert.equal(
      thrownCode(() =>
        readIdpResponse(Buffer.from(altered).toString('base64'), acsExpectations({ requiredSignature: 'assertion' })),
      ),
      'ERR_XMLDSIG_INVALID',
    );
  });
});

describe('trust/saml readIdpResponse: time, with a 60 s skew', () => {
  const at = (ms: number): Date => new Date(acsNow.getTime() + ms);
  // valid.assertion-signed.xml: IssueInstant T, NotBefore T−1 min, confirmation until T+5 min,
  // conditions until T+10 min.
  const cases: ReadonlyArray<readonly [string, Date, number, string]> = [
    ['59 s after the confirmation ends', at(5 * 60_000 + 59_000), 60, ok],
    ['60 s after the confirmation ends', at(5 * 60_000 + 60_000), 60, 'ERR_SAML_RESPONSE_EXPIRED'],
    ["the confirmation's last millisecond without skew", at(5 * 60_000 - 1), 0, ok],
    ["the confirmation's end without skew", at(5 * 60_000), 0, 'ERR_SAML_RESPONSE_EXPIRED'],
    ['60 s before IssueInstant', at(-60_000), 60, ok],
    ['61 s before IssueInstant', at(-61_000), 60, 'ERR_SAML_RESPONSE_NOT_YET_VALID'],
  ];
  for (const [name, now, skewSeconds, expected] of cases) {
    it(`${name} → ${expected}`, () => {
      assert.equal(
        outcome(() => readFixtureResponse('valid.assertion-signed.xml', 'assertion', { now, skewSeconds })),
        expected,
      );
    });
  }

  it("returns the earlier NotOnOrAfter (the confirmation's, before the Conditions')", () => {
    assert.deepEqual(readFixtureResponse('valid.assertion-signed.xml', 'assertion').notOnOrAfter, at(5 * 60_000));
  });
});

describe('trust/saml readIdpResponse: keys and parties', () => {
  const otherKey = (): KeyObject => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;

  it('accepts a signature by any signing key of the metadata (rotation: the old and the new one)', () => {
    const idp = entIdpMetadata(['test-untrusted-signer.crt.pem', 'test-ent-idp.crt.pem']);
    assert.equal(readFixtureResponse('valid.both-signed.xml', 'both', { idp }).assertionId, '_assertion-0001');
  });

  it('refuses when the metadata has no signing key at all → ERR_XMLDSIG_INVALID', () => {
    assert.equal(
      thrownCode(() => readFixtureResponse('valid.assertion-signed.xml', 'assertion', { idp: entIdpMetadata([]) })),
      'ERR_XMLDSIG_INVALID',
    );
  });

  it('decrypts with a published key that is not the first one (encryption key rotation)', () => {
    const read = readFixtureResponse('valid.encrypted-assertion.xml', 'assertion', {
      decryptionKeys: [otherKey(), brokerDecryptionKey],
    });
    assert.equal(read.assertionId, '_assertion-0001');
  });

  it('refuses an encrypted assertion when the broker has no decryption key → ERR_SAML_RESPONSE_DECRYPTION', () => {
    assert.equal(
      thrownCode(() => readFixtureResponse('valid.encrypted-assertion.xml', 'assertion', { decryptionKeys: [] })),
      'ERR_SAML_RESPONSE_DECRYPTION',
    );
  });

  const parties: ReadonlyArray<readonly [string, Parameters<typeof acsExpectations>[0], string]> = [
    ['another SP entityID', { spEntityId: 'https://other-broker.test/sp' }, 'ERR_SAML_RESPONSE_AUDIENCE'],
    ['another ACS URL', { acsUrl: 'https://broker.test/other-acs' }, 'ERR_SAML_RESPONSE_DESTINATION'],
    [
      'metadata of another IdP with the same key',
      { idp: { ...entIdpMetadata(), entityId: 'https://other-ent.test/idp' } },
      'ERR_SAML_RESPONSE_ISSUER',
    ],
  ];
  for (const [name, changes, code] of parties) {
    it(`refuses the valid both-signed Response for ${name} → ${code}`, () => {
      assert.equal(
        thrownCode(() => readFixtureResponse('valid.both-signed.xml', 'both', changes)),
        code,
      );
    });
  }
});
