/**
 * One test per fixture of test/fixtures/saml/acs/: the exact code it is refused with, or, for the
 * valid ones, every field returned. The table below is the README's; a test fails when the two
 * (or the folder) disagree, so no fixture is left untested or undocumented.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import type { RequiredResponseSignature, VerifiedIdpAssertion } from '../../../../src/trust/index.js';
import { thrownCode } from '../../../support/thrown-code.js';
import { acsFixtureFolder, acsNow, acsParties, readFixture, readFixtureResponse } from './acs-expectations.js';

type Row = readonly [file: string, required: RequiredResponseSignature, expected: string];

const accepted = 'accepted';

const fixtureTable: readonly Row[] = [
  ['valid.assertion-signed.xml', 'assertion', accepted],
  ['valid.response-signed.xml', 'response', accepted],
  ['valid.both-signed.xml', 'both', accepted],
  ['valid.encrypted-assertion.xml', 'assertion', accepted],
  ['valid.encrypted-assertion.aes128-cbc-oaep-sha256-mgf1sha1.xml', 'assertion', accepted],
  ['valid.encrypted-unsigned-assertion-in-signed-response.xml', 'response', accepted],
  ['known-limitation.xenc11-mgf-element.xml', 'assertion', 'ERR_SAML_SCHEMA_INVALID'],
  ['comment-injected-nameid.xml', 'assertion', accepted],
  ['signature-stripped.xml', 'assertion', 'ERR_SAML_RESPONSE_UNSIGNED'],
  ['tampered-nameid.xml', 'assertion', 'ERR_XMLDSIG_INVALID'],
  ['signed-by-untrusted-key.xml', 'assertion', 'ERR_XMLDSIG_INVALID'],
  ['sha1-signature.xml', 'assertion', 'ERR_XMLDSIG_ALGORITHM'],
  ['xsw.signed-assertion-in-extensions.xml', 'assertion', 'ERR_SAML_RESPONSE_ASSERTION_COUNT'],
  ['xsw.evil-assertion-beside-signed.xml', 'assertion', 'ERR_SAML_RESPONSE_ASSERTION_COUNT'],
  ['xsw.signed-assertion-in-advice.xml', 'assertion', 'ERR_SAML_RESPONSE_ASSERTION_COUNT'],
  ['xsw.signed-assertion-in-signature-object.xml', 'assertion', 'ERR_SAML_RESPONSE_ASSERTION_COUNT'],
  ['xsw.signed-response-in-advice.xml', 'response', 'ERR_SAML_RESPONSE_ROOT'],
  ['xsw.signed-response-in-extensions.xml', 'response', 'ERR_SAML_SCHEMA_INVALID'],
  ['xsw.response-signature-on-evil-response.xml', 'response', 'ERR_XMLDSIG_REFERENCE'],
  ['two-assertions.xml', 'assertion', 'ERR_SAML_RESPONSE_ASSERTION_COUNT'],
  ['no-assertion.xml', 'response', 'ERR_SAML_RESPONSE_ASSERTION_COUNT'],
  ['status-not-success.xml', 'assertion', 'ERR_SAML_RESPONSE_STATUS'],
  ['not-a-response.xml', 'assertion', 'ERR_SAML_RESPONSE_ROOT'],
  ['version-not-2.0.xml', 'assertion', 'ERR_SAML_RESPONSE_ROOT'],
  ['expired.xml', 'assertion', 'ERR_SAML_RESPONSE_EXPIRED'],
  ['not-before-in-future.xml', 'assertion', 'ERR_SAML_RESPONSE_NOT_YET_VALID'],
  ['issued-in-future.xml', 'assertion', 'ERR_SAML_RESPONSE_NOT_YET_VALID'],
  ['instant-without-zone.xml', 'assertion', 'ERR_SAML_RESPONSE_VALUE'],
  ['wrong-audience.xml', 'assertion', 'ERR_SAML_RESPONSE_AUDIENCE'],
  ['no-audience.xml', 'assertion', 'ERR_SAML_RESPONSE_AUDIENCE'],
  ['audience-restriction-disguised-as-condition.xml', 'assertion', 'ERR_SAML_RESPONSE_CONDITION_UNKNOWN'],
  ['wrong-destination.xml', 'both', 'ERR_SAML_RESPONSE_DESTINATION'],
  ['signed-response-without-destination.xml', 'response', 'ERR_SAML_RESPONSE_DESTINATION'],
  ['wrong-recipient.xml', 'assertion', 'ERR_SAML_RESPONSE_RECIPIENT'],
  ['unsolicited.xml', 'assertion', 'ERR_SAML_RESPONSE_UNSOLICITED'],
  ['inresponseto-mismatch.xml', 'assertion', 'ERR_SAML_RESPONSE_IN_RESPONSE_TO'],
  ['wrong-issuer.xml', 'assertion', 'ERR_SAML_RESPONSE_ISSUER'],
  ['wrong-assertion-issuer.xml', 'assertion', 'ERR_SAML_RESPONSE_ISSUER'],
  ['encrypted-assertion-for-another-key.xml', 'assertion', 'ERR_SAML_RESPONSE_DECRYPTION'],
  ['encrypted-assertion-rsa-1_5.xml', 'assertion', 'ERR_SAML_RESPONSE_ENCRYPTION_ALGORITHM'],
  ['encrypted-unsigned-assertion-in-unsigned-response.xml', 'either', 'ERR_SAML_RESPONSE_DECRYPTION'],
  ['encrypted-assertion-signed-by-untrusted-key.xml', 'assertion', 'ERR_SAML_RESPONSE_DECRYPTION'],
  ['doctype-external-entity.xml', 'assertion', 'ERR_SAML_XML_DOCTYPE'],
  ['billion-laughs.xml', 'assertion', 'ERR_SAML_XML_DOCTYPE'],
  ['malformed-xml.xml', 'assertion', 'ERR_SAML_XML_MALFORMED'],
  ['malformed-base64.txt', 'assertion', 'ERR_SAML_MESSAGE_ENCODING'],
];

/** What every valid fixture says (scripts/acs-fixture-template.ts). */
const validFields = (nameId: string): VerifiedIdpAssertion => ({
  responseId: '_response-0001',
  inResponseTo: acsParties.requestId,
  issuer: acsParties.idp,
  assertionId: '_assertion-0001',
  issueInstant: acsNow,
  notOnOrAfter: new Date(acsNow.getTime() + 5 * 60_000),
  nameId: { value: nameId, format: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent' },
  sessionIndex: '_session-0001',
  authnInstant: new Date(acsNow.getTime() - 2 * 60_000),
  attributes: {
    ENTPersonJointure: ['ENT$1234'],
    ENTPersonProfils: ['National_ELV'],
    ENTEleveClasses: ['0123456A$3A', '0123456A$3B'],
    ENTPersonAlias: [],
  },
});

describe('trust/saml readIdpResponse: the ACS fixture corpus', () => {
  for (const [file, required, expected] of fixtureTable) {
    if (expected !== accepted) {
      it(`${file} (${required}) → ${expected}`, () =>
        assert.equal(
          thrownCode(() => readFixtureResponse(file, required)),
          expected,
        ));
      continue;
    }
    it(`${file} (${required}) → accepted, with every field`, () => {
      const nameId = file.startsWith('comment-injected')
        ? 'alice@ent.test.evil.example'
        : 'f3a9c2e1-7b4d-4e8a-9c1f-2d3e4f5a6b7c';
      const read = readFixtureResponse(file, required);
      assert.deepEqual({ ...read, attributes: { ...read.attributes } }, validFields(nameId));
    });
  }

  it('the README lists the same files, requirements and outcomes, and the folder holds no other fixture', () => {
    const rows = readFixture('README.md')
      .split('\n')
      .filter((line) => line.startsWith('| `'))
      .map((line) => line.split('|').map((cell) => cell.trim().replaceAll('`', '')))
      .map((cells) => [cells[1], cells[cells.length - 3], cells[cells.length - 2]]);
    assert.deepEqual(
      rows,
      fixtureTable.map((row) => [...row]),
    );
    const files = readdirSync(acsFixtureFolder)
      .filter((f) => f.endsWith('.xml') || f.endsWith('.txt'))
      .sort();
    assert.deepEqual(files, fixtureTable.map(([file]) => file).sort());
  });
});
