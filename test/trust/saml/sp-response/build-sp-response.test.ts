import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  buildSpErrorResponse,
  buildSpResponse,
  createSamlSchemaValidator,
  envelopedSignatures,
} from '../../../../src/trust/index.js';
import { thrownCode } from '../../../support/thrown-code.js';
import { acs, assertion, base64, brokerKey, nodeSamlSp, signingKeys } from './sp-response-fixtures.js';

const samlAssertion = { localName: 'Assertion', namespace: 'urn:oasis:names:tc:SAML:2.0:assertion' } as const;
const trustedKeys = [brokerKey.privateKey];

describe('trust/saml buildSpResponse', () => {
  it('signs the Assertion and the Response so that the xml-crypto verifier accepts both', () => {
    const xml = buildSpResponse(assertion(), signingKeys());
    assert.match(envelopedSignatures.verify(xml, { element: 'root', trustedKeys }).signedXml, /^<samlp:Response /);
    const signedAssertion = envelopedSignatures.verify(xml, { element: samlAssertion, trustedKeys }).signedXml;
    assert.match(signedAssertion, /<saml:Issuer>https:\/\/broker.test\/idp<\/saml:Issuer><saml:Subject>/);
    assert.ok(xml.indexOf('<ds:Signature') > xml.indexOf('</saml:Issuer>'));
  });

  it('is schema-valid SAML 2.0, plain and encrypted, with and without attributes', () => {
    const schema = createSamlSchemaValidator();
    schema.validate(buildSpResponse(assertion(), signingKeys()));
    schema.validate(buildSpResponse(assertion({ attributes: [], inResponseTo: undefined }), signingKeys()));
    schema.validate(buildSpResponse(assertion(), signingKeys('aes-256-gcm')));
  });

  it('is accepted by node-saml, plain, with multi-valued attributes as arrays', async () => {
    const { profile } = await nodeSamlSp().validatePostResponseAsync({
      SAMLResponse: base64(buildSpResponse(assertion(), signingKeys())),
    });
    assert.equal(profile?.nameID, '_transient1');
    assert.equal(profile?.nameIDFormat, 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient');
    assert.equal(profile?.sessionIndex, '_session1');
    assert.equal(profile?.IDO, 'ido-1');
    assert.deepEqual(profile?.GARPersonProfils, ['National_ELV', 'National_ENS']);
  });

  for (const algorithm of ['aes-256-gcm', 'aes-128-gcm', 'aes-256-cbc'] as const) {
    it(`node-saml accepts it encrypted (${algorithm}), Response signature over the EncryptedAssertion`, async () => {
      const xml = buildSpResponse(assertion(), signingKeys(algorithm));
      assert.ok(!xml.includes('<saml:Assertion') && xml.includes('<saml:EncryptedAssertion'));
      envelopedSignatures.verify(xml, { element: 'root', trustedKeys });
      const { profile } = await nodeSamlSp().validatePostResponseAsync({ SAMLResponse: base64(xml) });
      assert.deepEqual(profile?.GARPersonProfils, ['National_ELV', 'National_ENS']);
    });
  }

  it('is refused by node-saml when a signed value is altered', async () => {
    const xml = buildSpResponse(assertion(), signingKeys()).replace('ido-1', 'ido-2');
    await assert.rejects(nodeSamlSp().validatePostResponseAsync({ SAMLResponse: base64(xml) }));
  });

  it('carries any attribute value intact: & < > " \' accents ]]> (property)', async function () {
    this.timeout(60_000);
    const value = fc
      .string({ unit: 'grapheme', minLength: 1, maxLength: 24 })
      .map((s) => s.replace(/[\r]/g, ''))
      .filter((s) => s.trim() === s && s.length > 0);
    const special = fc.constantFrom('&<>"\'', 'Élève à l’école', ']]>', 'a&amp;b', '<x/>', 'tab\there', 'line\nbreak');
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(value, special), { minLength: 1, maxLength: 3 }), async (values) => {
        const xml = buildSpResponse(assertion({ attributes: [{ name: 'P', values }] }), signingKeys());
        const { profile } = await nodeSamlSp().validatePostResponseAsync({ SAMLResponse: base64(xml) });
        assert.deepEqual(values.length === 1 ? [profile?.P] : profile?.P, values);
      }),
      { numRuns: 60 },
    );
  });

  it(
    'line-separator-in-value: U+0085 / U+2028 are sent as references, ' + 'so xmldom-based publishers still verify',
    async () => {
      for (const encrypt of [undefined, 'aes-256-gcm'] as const) {
        const xml = buildSpResponse(
          assertion({ attributes: [{ name: 'P', values: ['a\u2028b', 'c\u0085d'] }] }),
          signingKeys(encrypt),
        );
        assert.ok(!/[\u0085\u2028]/.test(xml));
        envelopedSignatures.verify(xml, { element: 'root', trustedKeys });
        // node-saml reads them as line ends once verified (xmldom's XML 1.1 normalisation):
        // its reading, not the signature's.
        const { profile } = await nodeSamlSp().validatePostResponseAsync({ SAMLResponse: base64(xml) });
        assert.equal((profile?.P as string[] | undefined)?.length, 2);
      }
    },
  );

  it('refuses a value XML cannot carry', () => {
    assert.equal(
      thrownCode(() =>
        buildSpResponse(assertion({ attributes: [{ name: 'P', values: ['a\u0000b'] }] }), signingKeys()),
      ),
      'ERR_SAML_RESPONSE_BUILD',
    );
  });
});

describe('trust/saml buildSpErrorResponse', () => {
  const refusal = (subStatus: string) =>
    buildSpErrorResponse(
      {
        idpEntityId: 'https://broker.test/idp',
        acsUrl: acs,
        inResponseTo: '_request1',
        now: new Date(),
        subStatus: `urn:oasis:names:tc:SAML:2.0:status:${subStatus}`,
        message: 'Refused & <logged>',
      },
      signingKeys(),
    );

  it('is a signed Response with Responder / subStatus and no assertion, read by node-saml as that status', async () => {
    const xml = refusal('AuthnFailed');
    envelopedSignatures.verify(xml, { element: 'root', trustedKeys });
    assert.ok(!xml.includes('Assertion'));
    assert.match(
      xml,
      new RegExp(
        '<samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Responder">'
          + String.raw`<samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:AuthnFailed"><\/samlp:StatusCode>`
          + String.raw`<\/samlp:StatusCode><samlp:StatusMessage>Refused &amp; &lt;logged&gt;<\/samlp:StatusMessage>`,
      ),
    );
    await assert.rejects(
      nodeSamlSp().validatePostResponseAsync({ SAMLResponse: base64(xml) }),
      /Responder|AuthnFailed/,
    );
    // node-saml reads Responder / NoPassive as "no login, no error".
    const passive = await nodeSamlSp().validatePostResponseAsync({ SAMLResponse: base64(refusal('NoPassive')) });
    assert.equal(passive.profile, null);
  });
});
