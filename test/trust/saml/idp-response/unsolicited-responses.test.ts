/**
 * readIdpResponse with `unsolicited: 'accept'` (the console's ACS, IdP-initiated SSO,
 * saml-profiles §4.1.5): a Response without InResponseTo is read, everything else is still
 * checked, and it must be recent. Without the option the same Response is refused.
 */
import assert from 'node:assert/strict';
import {
  envelopedSignatures,
  readIdpResponse,
  type AcceptingIdpResponseExpectations,
  type IdpResponseExpectations,
} from '../../../../src/trust/index.js';
import {
  base64,
  buildIdpResponse,
  idpExpectations,
  idpParties,
  unsignedResponse,
  type BuildOptions,
  type ResponseValues,
} from '../../../support/idp-response-builder.js';
import { samlAssertion, testSigningKeys } from '../../../support/saml-signing.js';
import { thrownCode } from '../../../support/thrown-code.js';

const accepting = (changes: Partial<IdpResponseExpectations> = {}): AcceptingIdpResponseExpectations => ({
  ...idpExpectations(changes),
  unsolicited: 'accept',
});
const unsolicited = (values: Partial<ResponseValues> = {}, sign: BuildOptions['sign'] = 'assertion'): string =>
  buildIdpResponse({ sign, values: { inResponseTo: '', ...values } });
const refusal = (xml: string, changes: Partial<IdpResponseExpectations> = {}): string =>
  thrownCode(() => readIdpResponse(base64(xml), accepting(changes)));

/** Seconds ago beyond which an unsolicited Response is stale: the skew (60 s) plus five minutes. */
const staleAfter = 60 + 300;

describe('readIdpResponse: unsolicited Responses (IdP-initiated)', () => {
  describe('accepted only where asked', () => {
    it('refused by default (the brokered login)', () =>
      assert.equal(
        thrownCode(() => readIdpResponse(base64(unsolicited()), idpExpectations())),
        'ERR_SAML_RESPONSE_UNSOLICITED',
      ));
    it('refused when the caller says refuse', () =>
      assert.equal(
        thrownCode(() => readIdpResponse(base64(unsolicited()), idpExpectations({ unsolicited: 'refuse' }))),
        'ERR_SAML_RESPONSE_UNSOLICITED',
      ));
    it('accepted with accept: no inResponseTo, the rest read', () => {
      const verified = readIdpResponse(base64(unsolicited()), accepting());
      assert.equal(verified.inResponseTo, undefined);
      assert.equal(verified.assertionId, '_assert1');
      assert.equal(verified.issuer, idpParties.idp);
      assert.equal(verified.nameId.value, 'user-42@ent.test');
    });
    it('a solicited Response is still read with accept, its InResponseTo returned', () =>
      assert.equal(
        readIdpResponse(base64(buildIdpResponse({ sign: 'assertion' })), accepting()).inResponseTo,
        idpParties.requestId,
      ));
    it('issued just inside the window: accepted', () =>
      assert.equal(
        readIdpResponse(base64(unsolicited({ issuedAt: -(staleAfter - 20) })), accepting()).assertionId,
        '_assert1',
      ));
  });

  describe('accepted, everything else still checked', () => {
    const cases: ReadonlyArray<readonly [string, Partial<ResponseValues>, BuildOptions['sign'], string]> = [
      ['unsigned', {}, 'none', 'ERR_SAML_RESPONSE_UNSIGNED'],
      [
        "wrong-audience (the brokered login's SP)",
        { audience: 'https://broker.test/saml/sp/other' },
        'assertion',
        'ERR_SAML_RESPONSE_AUDIENCE',
      ],
      ['wrong-destination', { destination: 'https://other.test/acs' }, 'both', 'ERR_SAML_RESPONSE_DESTINATION'],
      ['wrong-recipient', { recipient: 'https://other.test/acs' }, 'assertion', 'ERR_SAML_RESPONSE_RECIPIENT'],
      ['wrong-issuer', { assertionIssuer: 'https://evil.test/idp' }, 'assertion', 'ERR_SAML_RESPONSE_ISSUER'],
      ['expired confirmation', { confirmationNotOnOrAfter: -120 }, 'assertion', 'ERR_SAML_RESPONSE_EXPIRED'],
      ['issued in the future', { issuedAt: 600, notBefore: 0 }, 'assertion', 'ERR_SAML_RESPONSE_NOT_YET_VALID'],
      [
        'stale: issued beyond skew + five minutes, still within NotOnOrAfter',
        { issuedAt: -(staleAfter + 20) },
        'assertion',
        'ERR_SAML_RESPONSE_STALE',
      ],
    ];
    for (const [name, values, sign, code] of cases) {
      it(name, () =>
        assert.equal(refusal(unsolicited(values, sign), sign === 'none' ? { requiredSignature: 'either' } : {}), code),
      );
    }

    it('stale: an old signed assertion in a freshly issued Response', () => {
      const old = new Date(Date.now() - (staleAfter + 20) * 1000).toISOString();
      const xml = unsignedResponse({ inResponseTo: '' }).replace(
        /(<saml:Assertion ID="_assert1" Version="2.0" IssueInstant=")[^"]+/,
        `$1${old}`,
      );
      const signed = envelopedSignatures.sign(xml, {
        element: samlAssertion,
        privateKey: testSigningKeys().idp.privateKey,
        certificate: testSigningKeys().idp.certificatePem,
      });
      assert.equal(refusal(signed), 'ERR_SAML_RESPONSE_STALE');
    });

    it('InResponseTo on the Response but not on the confirmation', () => {
      const xml = unsolicited().replace('<samlp:Response ', `<samlp:Response InResponseTo="${idpParties.requestId}" `);
      assert.equal(refusal(xml), 'ERR_SAML_RESPONSE_IN_RESPONSE_TO');
    });
  });
});
