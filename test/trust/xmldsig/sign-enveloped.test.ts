/**
 * signEnveloped: placement where SAML wants it, refusals, and a round trip checked by our
 * verifier *and* by an independent one (@node-saml/node-saml, architecture "Tests": a shared bug
 * must not make both sides agree).
 */
import assert from 'node:assert/strict';
import { SAML, ValidateInResponseTo } from '@node-saml/node-saml';
import { signEnveloped, verifyEnvelopedSignature } from '../../../src/trust/index.js';
import { responseTemplate, samlAssertion, signedResponse, testSigningKeys } from '../../support/saml-signing.js';
import { thrownCode } from '../../support/thrown-code.js';
import { definedFields } from '../../../src/core/defined-fields.js';

const keys = testSigningKeys();

function nodeSaml(wantAuthnResponseSigned: boolean): SAML {
  return new SAML({
    callbackUrl: 'https://broker.example/saml/acs',
    issuer: 'https://broker.example/saml',
    audience: 'https://broker.example/saml',
    idpCert: keys.idp.certificatePem,
    wantAssertionsSigned: true,
    wantAuthnResponseSigned,
    validateInResponseTo: ValidateInResponseTo.never,
  });
}

const post = (xml: string): { SAMLResponse: string } => ({ SAMLResponse: Buffer.from(xml).toString('base64') });

describe('trust/xmldsig signEnveloped', () => {
  it("puts the Signature right after the target's Issuer (SAML core §5.4.1)", () => {
    const xml = signEnveloped(responseTemplate(), { element: samlAssertion, privateKey: keys.idp.privateKey });
    assert.match(xml, /<saml:Assertion [^>]*>\s*<saml:Issuer>[^<]*<\/saml:Issuer><ds:Signature /);
  });

  it('puts it first in the element when the anchor child is absent', () => {
    const xml = signEnveloped(responseTemplate(), {
      element: 'root',
      privateKey: keys.idp.privateKey,
      insertAfter: 'NoSuchChild',
    });
    assert.match(xml, /<samlp:Response [^>]*><ds:Signature /);
    assert.equal(verifyEnvelopedSignature(xml, { element: 'root', trustedKeys: [keys.idp.publicKey] }).keyIndex, 0);
  });

  it('writes KeyInfo only when a certificate is given', () => {
    assert.doesNotMatch(signedResponse({ sign: 'assertion' }), /KeyInfo/);
    assert.match(
      signedResponse({ sign: 'assertion', withCertificate: true }),
      /<ds:KeyInfo><ds:X509Data><ds:X509Certificate>/,
    );
  });

  const refusals: ReadonlyArray<{
    name: string;
    xml: string;
    element: Parameters<typeof signEnveloped>[1]['element'];
    insertAfter?: string;
  }> = [
    { name: 'element absent', xml: responseTemplate(), element: { ...samlAssertion, localName: 'AuthnRequest' } },
    { name: 'element without ID', xml: '<r/>', element: 'root' },
    { name: 'ID that would break out of the XPath', xml: `<r ID="a']|//*['"/>`, element: 'root' },
    {
      name: 'insertAfter that would break out of the XPath',
      xml: '<r ID="a"/>',
      element: 'root',
      insertAfter: `x']|//*['`,
    },
  ];
  for (const { name, xml, element, insertAfter } of refusals) {
    it(`refuses: ${name} → ERR_XMLDSIG_SIGNING`, () => {
      assert.equal(
        thrownCode(() =>
          signEnveloped(xml, { element, privateKey: keys.idp.privateKey, ...definedFields({ insertAfter }) }),
        ),
        'ERR_XMLDSIG_SIGNING',
      );
    });
  }
});

describe('trust/xmldsig round trip with an independent verifier (@node-saml/node-saml)', () => {
  it('assertion signed by signEnveloped: ours and node-saml both accept, same NameID', async () => {
    const xml = signedResponse({ sign: 'assertion', withCertificate: true });
    assert.equal(
      verifyEnvelopedSignature(xml, { element: samlAssertion, trustedKeys: [keys.idp.publicKey] }).keyIndex,
      0,
    );
    const { profile } = await nodeSaml(false).validatePostResponseAsync(post(xml));
    assert.equal(profile?.nameID, 'alice@good.example');
  });

  it('response and assertion signed (rsa-sha512): node-saml demanding both accepts', async () => {
    const { profile } = await nodeSaml(true).validatePostResponseAsync(
      post(signedResponse({ sign: 'both', algorithm: 'rsa-sha512' })),
    );
    assert.equal(profile?.nameID, 'alice@good.example');
  });

  it('node-saml refuses what ours refuses: content altered after signing', async () => {
    const altered = signedResponse({ sign: 'assertion' }).replace('alice@good.example', 'mallory@evil.example');
    await assert.rejects(nodeSaml(false).validatePostResponseAsync(post(altered)));
  });
});
