/**
 * One test per fixture of test/fixtures/saml/sso/: the exact code readSpAuthnRequest refuses it
 * with, or, for the valid ones, every field returned. The table below is the README's; a test
 * fails when the two (or the folder) disagree, so no fixture is left untested or undocumented.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import {
  readSamlMetadata,
  readSpAuthnRequest,
  type IncomingAuthnRequest,
  type SpMetadata,
  type VerifiedSpRequest,
} from '../../../../src/trust/index.js';
import { rejectedCode } from '../../../support/thrown-code.js';
import { ssoFixtureFolder, ssoFixtureInstant, ssoParties } from './sso-fixture-parties.js';

type Row = readonly [file: string, required: 'yes' | 'no', expected: string];

const accepted = 'accepted';

const fixtureTable: readonly Row[] = [
  ['valid.redirect-signed.query.txt', 'yes', accepted],
  ['valid.redirect-signed-sha512.query.txt', 'yes', accepted],
  ['valid.redirect-lowercase-escapes.query.txt', 'yes', accepted],
  ['valid.post-signed.post.xml', 'yes', accepted],
  ['valid.post-deflated.post.txt', 'yes', accepted],
  ['valid.post-acs-by-index.post.xml', 'yes', accepted],
  ['valid.post-without-destination.post.xml', 'yes', accepted],
  ['valid.redirect-unsigned.query.txt', 'no', accepted],
  ['unsigned-when-required.redirect.query.txt', 'yes', 'ERR_SAML_REQUEST_UNSIGNED'],
  ['unsigned-when-required.post.xml', 'yes', 'ERR_SAML_REQUEST_UNSIGNED'],
  ['signature-stripped.redirect.query.txt', 'yes', 'ERR_SAML_REQUEST_UNSIGNED'],
  ['signature-stripped.post.xml', 'yes', 'ERR_SAML_REQUEST_UNSIGNED'],
  ['tampered.redirect.query.txt', 'yes', 'ERR_SAML_REQUEST_SIGNATURE_INVALID'],
  ['tampered.post.xml', 'yes', 'ERR_SAML_REQUEST_SIGNATURE_INVALID'],
  ['xsw.signed-request-in-extensions.post.xml', 'yes', 'ERR_SAML_REQUEST_UNSIGNED'],
  ['xsw.signature-copied-onto-evil-request.post.xml', 'yes', 'ERR_XMLDSIG_REFERENCE'],
  ['xsw.evil-request-with-same-id.post.xml', 'yes', 'ERR_SAML_SCHEMA_INVALID'],
  ['xsw.two-signatures.post.xml', 'yes', 'ERR_SAML_SCHEMA_INVALID'],
  ['signed-by-untrusted-key.redirect.query.txt', 'yes', 'ERR_SAML_REQUEST_SIGNATURE_INVALID'],
  ['signed-by-untrusted-key.post.xml', 'yes', 'ERR_SAML_REQUEST_SIGNATURE_INVALID'],
  ['bad-signature-when-not-required.post.xml', 'no', 'ERR_SAML_REQUEST_SIGNATURE_INVALID'],
  ['bad-signature-when-not-required.redirect.query.txt', 'no', 'ERR_SAML_REQUEST_SIGNATURE_INVALID'],
  ['unknown-sp.redirect.query.txt', 'yes', 'ERR_SAML_REQUEST_UNKNOWN_SP'],
  ['acs-not-in-metadata.redirect.query.txt', 'yes', 'ERR_SAML_REQUEST_ACS_UNKNOWN'],
  ['acs-http-redirect-binding.redirect.query.txt', 'yes', 'ERR_SAML_REQUEST_ACS_UNKNOWN'],
  ['acs-protocol-binding-redirect.redirect.query.txt', 'yes', 'ERR_SAML_REQUEST_ACS_UNKNOWN'],
  ['acs-index-of-redirect-acs.post.xml', 'yes', 'ERR_SAML_REQUEST_ACS_UNKNOWN'],
  ['acs-url-and-index.post.xml', 'yes', 'ERR_SAML_REQUEST_INVALID'],
  ['wrong-destination.redirect.query.txt', 'yes', 'ERR_SAML_REQUEST_DESTINATION'],
  ['expired-issue-instant.redirect.query.txt', 'yes', 'ERR_SAML_REQUEST_EXPIRED'],
  ['issued-in-future.redirect.query.txt', 'yes', 'ERR_SAML_REQUEST_EXPIRED'],
  ['version-not-2.0.post.xml', 'yes', 'ERR_SAML_REQUEST_INVALID'],
  ['not-an-authn-request.post.xml', 'yes', 'ERR_SAML_REQUEST_INVALID'],
  ['doctype.post.xml', 'yes', 'ERR_SAML_XML_DOCTYPE'],
  ['doctype.redirect.query.txt', 'yes', 'ERR_SAML_XML_DOCTYPE'],
  ['deflate-bomb.redirect.query.txt', 'yes', 'ERR_SAML_INFLATE'],
  ['relaystate-too-long.redirect.query.txt', 'yes', 'ERR_SAML_REQUEST_RELAYSTATE'],
  ['duplicate-relaystate.redirect.query.txt', 'yes', 'ERR_SAML_REDIRECT_QUERY'],
  ['signature-without-sigalg.redirect.query.txt', 'yes', 'ERR_SAML_REDIRECT_ALGORITHM'],
  ['sha1.redirect.query.txt', 'yes', 'ERR_SAML_REDIRECT_ALGORITHM'],
  ['sha1.post.xml', 'yes', 'ERR_XMLDSIG_ALGORITHM'],
  ['malformed-base64.post.txt', 'yes', 'ERR_SAML_MESSAGE_ENCODING'],
];

const text = (file: string): string => readFileSync(new URL(file, ssoFixtureFolder), 'utf8');
const now = new Date(ssoFixtureInstant.getTime() + 30_000);
const metadata: SpMetadata = readSamlMetadata(text('sp-metadata.xml'), { expected: 'sp', now });

/** The fixture as it reaches `/saml/idp/sso`, by its file name's suffix (see the README). */
function incoming(file: string): IncomingAuthnRequest {
  const content = text(file).replace(/\n$/, '');
  if (file.endsWith('.query.txt')) return { binding: 'HTTP-Redirect', rawQuery: content };
  const samlRequest = file.endsWith('.post.xml') ? Buffer.from(content, 'utf8').toString('base64') : content;
  return { binding: 'HTTP-POST', samlRequest, relayState: ssoParties.relayState };
}

function readFixture(file: string, required: 'yes' | 'no'): Promise<VerifiedSpRequest> {
  const sp = required === 'yes' ? metadata : { ...metadata, authnRequestsSigned: false };
  return readSpAuthnRequest(incoming(file), {
    findSp: async (entityId) => (entityId === sp.entityId ? sp : undefined),
    ssoUrl: ssoParties.sso,
    requireSigned: required === 'yes',
    now,
    skewSeconds: 60,
  });
}

/** What each valid fixture says (scripts/make-sso-fixtures.ts); the SHA-512 one sends no RelayState. */
function expectedFields(file: string): Omit<VerifiedSpRequest, 'sp'> {
  const relayState = file.includes('sha512') ? {} : { relayState: ssoParties.relayState };
  return {
    id: ssoParties.requestId,
    issuer: ssoParties.sp,
    issueInstant: ssoFixtureInstant,
    binding: file.endsWith('.query.txt') ? 'HTTP-Redirect' : 'HTTP-POST',
    acsUrl: ssoParties.acs,
    forceAuthn: false,
    isPassive: false,
    ...relayState,
  };
}

describe('trust/saml readSpAuthnRequest: the SSO fixture corpus', () => {
  for (const [file, required, expected] of fixtureTable) {
    if (expected !== accepted) {
      it(`${file} (required ${required}) → ${expected}`, async () =>
        assert.equal(await rejectedCode(readFixture(file, required)), expected));
      continue;
    }
    it(`${file} (required ${required}) → accepted, with every field`, async () => {
      const { sp, ...fields } = await readFixture(file, required);
      assert.deepEqual(fields, expectedFields(file));
      assert.equal(sp.entityId, ssoParties.sp);
    });
  }

  it('the deflate bomb is refused in a few milliseconds', async () => {
    const started = process.hrtime.bigint();
    assert.equal(await rejectedCode(readFixture('deflate-bomb.redirect.query.txt', 'yes')), 'ERR_SAML_INFLATE');
    assert.ok(Number(process.hrtime.bigint() - started) / 1e6 < 50);
  });

  it('the README table and the folder list exactly these fixtures, with these expectations', () => {
    const rows = text('README.md')
      .split('\n')
      .filter((line) => /^\| `/.test(line))
      .map((line) => {
        const cells = line.split(/(?<!\\)\|/).map((cell) => cell.trim());
        return [cells[1]?.replaceAll('`', ''), cells[3], cells[4]?.replaceAll('`', '')];
      });
    assert.deepEqual(
      rows,
      fixtureTable.map((row) => [...row]),
    );
    const fixtureFiles = readdirSync(ssoFixtureFolder)
      .filter((f) => !f.endsWith('.pem') && f !== 'README.md' && f !== 'sp-metadata.xml')
      .sort();
    assert.deepEqual(fixtureFiles, fixtureTable.map(([file]) => file).sort());
  });
});
