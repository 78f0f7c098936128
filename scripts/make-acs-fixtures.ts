/**
 * Writes the ACS fixture corpus, test/fixtures/saml/acs/ (run once: `npx tsx scripts/make-acs-fixtures.ts`;
 * the output is committed). Each fixture is the valid ENT Response with one thing changed, signed
 * with the committed TEST-ONLY keys of that folder (made on the first run, reused after) at the
 * fixed instant of acs-fixture-template.ts. Attacks are string edits of signed text, so the
 * generator shows exactly what the attacker changed. The README table is written from the list.
 */
import { createPrivateKey, generateKeyPairSync, X509Certificate, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { SignedXml } from 'xml-crypto';
import { createCertificate, signEnveloped } from '../src/trust/index.js';
import { encryptAssertion, type EncryptAssertionOptions } from '../test/trust/saml/idp-response/xml-encrypt.js';
import {
  acsFixtureInstant,
  acsParties,
  assertionXml,
  responseXml,
  validShape,
  type ResponseShape,
} from './acs-fixture-template.js';

const folder = new URL('../test/fixtures/saml/acs/', import.meta.url);

interface TestKey {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly certificatePem: string;
}

/** The committed pair `<name>.key.pem` / `<name>.crt.pem`, made on first use. */
function testKey(name: string, commonName: string): TestKey {
  const keyFile = new URL(`${name}.key.pem`, folder);
  const certFile = new URL(`${name}.crt.pem`, folder);
  if (!existsSync(keyFile)) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const { pem } = createCertificate({
      subject: { commonName: `${commonName} (TEST ONLY)` },
      publicKey,
      privateKey,
      usage: name.includes('encryption') ? 'saml-encryption' : 'saml-signing',
      notBefore: new Date('2026-01-01T00:00:00Z'),
      notAfter: new Date('2036-01-01T00:00:00Z'),
    });
    writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    writeFileSync(certFile, pem);
  }
  const certificatePem = readFileSync(certFile, 'utf8');
  return {
    privateKey: createPrivateKey(readFileSync(keyFile)),
    publicKey: new X509Certificate(certificatePem).publicKey,
    certificatePem,
  };
}

const ent = testKey('test-ent-idp', 'test ENT IdP');
const untrusted = testKey('test-untrusted-signer', 'untrusted signer');
const brokerEncryption = testKey('test-broker-encryption', 'test broker encryption');

const signRoot = (xml: string, key: TestKey = ent): string =>
  signEnveloped(xml, { element: 'root', privateKey: key.privateKey, certificate: key.certificatePem });
const signedAssertion = (shape: ResponseShape, key: TestKey = ent): string => signRoot(assertionXml(shape), key);
const encrypted = (assertion: string, options: EncryptAssertionOptions, to: TestKey = brokerEncryption): string =>
  encryptAssertion(assertion, to.publicKey, options);

/** An RSA-SHA1 signature, which signEnveloped refuses to make: xml-crypto directly (test tooling only). */
function sha1SignedAssertion(shape: ResponseShape): string {
  const signed = new SignedXml({
    privateKey: ent.privateKey,
    signatureAlgorithm: 'http://www.w3.org/2000/09/xmldsig#rsa-sha1',
    canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  });
  signed.addReference({
    xpath: `//*[@ID='${shape.assertionId}']`,
    digestAlgorithm: 'http://www.w3.org/2000/09/xmldsig#sha1',
    transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#'],
  });
  signed.computeSignature(assertionXml(shape), {
    prefix: 'ds',
    location: { reference: "//*[local-name()='Issuer']", action: 'after' },
  });
  return signed.getSignedXml();
}

const signatureOf = (xml: string): string => /<ds:Signature[\s\S]*?<\/ds:Signature>/.exec(xml)?.[0] ?? '';
const afterIssuer = (xml: string, fragment: string): string =>
  xml.replace('</saml:Issuer>', `</saml:Issuer>${fragment}`);

const shape = (changes: Partial<ResponseShape>): ResponseShape => ({ ...validShape, ...changes });
const evil = shape({ assertionId: '_evil-assertion', nameId: 'mallory' });
const evilResponse = shape({ responseId: '_evil-response' });
const A = signedAssertion(validShape);
const unsignedA = assertionXml(validShape);
const R = signRoot(responseXml(validShape, unsignedA));

interface Fixture {
  readonly file: string;
  readonly shows: string;
  readonly required: 'assertion' | 'response' | 'either' | 'both';
  readonly expected: string;
  readonly text: string;
}

const accepted = 'accepted';
const fixtures: Fixture[] = [
  {
    file: 'valid.assertion-signed.xml',
    shows: 'the assertion signed, the Response not (the usual ENT form)',
    required: 'assertion',
    expected: accepted,
    text: responseXml(validShape, A),
  },
  {
    file: 'valid.response-signed.xml',
    shows: "the Response signed, its assertion not: read from the Response's signed bytes",
    required: 'response',
    expected: accepted,
    text: R,
  },
  {
    file: 'valid.both-signed.xml',
    shows: 'assertion signed, then the Response around it',
    required: 'both',
    expected: accepted,
    text: signRoot(responseXml(validShape, A)),
  },
  {
    file: 'valid.encrypted-assertion.xml',
    shows: 'signed assertion encrypted to the broker: AES-256-GCM, RSA-OAEP-MGF1P, EncryptedKey in KeyInfo',
    required: 'assertion',
    expected: accepted,
    text: responseXml(validShape, encrypted(A, { content: 'aes-256-gcm', transport: 'mgf1p' })),
  },
  {
    file: 'valid.encrypted-assertion.aes128-cbc-oaep-sha256-mgf1sha1.xml',
    shows:
      'AES-128-CBC, xmlenc11 rsa-oaep with a SHA-256 digest and the default MGF1-SHA-1, '
      + 'EncryptedKey beside EncryptedData',
    required: 'assertion',
    expected: accepted,
    text: responseXml(
      validShape,
      encrypted(A, { content: 'aes-128-cbc', transport: 'oaep-sha256-mgf1sha1', keyPlacement: 'sibling' }),
    ),
  },
  {
    file: 'valid.encrypted-unsigned-assertion-in-signed-response.xml',
    shows:
      'an unsigned assertion encrypted (AES-128-GCM, xmlenc11 rsa-oaep with its SHA-1 defaults) '
      + 'inside a signed Response',
    required: 'response',
    expected: accepted,
    text: signRoot(responseXml(validShape, encrypted(unsignedA, { content: 'aes-128-gcm', transport: 'oaep-sha1' }))),
  },
  {
    file: 'known-limitation.xenc11-mgf-element.xml',
    shows:
      'KNOWN LIMITATION: a valid rsa-oaep key with an explicit xenc11:MGF (SHA-256) element: '
      + "the bundled schemas have no xenc11 schema, and xenc's strict wildcard refuses it",
    required: 'assertion',
    expected: 'ERR_SAML_SCHEMA_INVALID',
    text: responseXml(validShape, encrypted(A, { content: 'aes-256-gcm', transport: 'oaep-sha256' })),
  },
  {
    file: 'comment-injected-nameid.xml',
    shows:
      'a comment put inside the signed NameID `alice@ent.test.evil.example` after signing: '
      + 'still verifies, and the whole signed value is read',
    required: 'assertion',
    expected: accepted,
    text: responseXml(
      validShape,
      signedAssertion(shape({ nameId: 'alice@ent.test.evil.example' })).replace(
        '>alice@ent.test.evil.example<',
        '>alice@ent.test<!---->.evil.example<',
      ),
    ),
  },
  {
    file: 'signature-stripped.xml',
    shows: "the assertion's signature removed (signature exclusion)",
    required: 'assertion',
    expected: 'ERR_SAML_RESPONSE_UNSIGNED',
    text: responseXml(validShape, A.replace(signatureOf(A), '')),
  },
  {
    file: 'tampered-nameid.xml',
    shows: 'the NameID of a signed assertion changed after signing',
    required: 'assertion',
    expected: 'ERR_XMLDSIG_INVALID',
    text: responseXml(validShape, A.replace(validShape.nameId, 'mallory')),
  },
  {
    file: 'signed-by-untrusted-key.xml',
    shows: 'signed by a key that is not in the IdP metadata (its certificate in KeyInfo)',
    required: 'assertion',
    expected: 'ERR_XMLDSIG_INVALID',
    text: responseXml(validShape, signedAssertion(validShape, untrusted)),
  },
  {
    file: 'sha1-signature.xml',
    shows: 'an RSA-SHA1 signature with a SHA-1 digest',
    required: 'assertion',
    expected: 'ERR_XMLDSIG_ALGORITHM',
    text: responseXml(validShape, sha1SignedAssertion(validShape)),
  },
  {
    file: 'xsw.signed-assertion-in-extensions.xml',
    shows: 'XSW: the signed assertion moved under samlp:Extensions, an evil one in its place',
    required: 'assertion',
    expected: 'ERR_SAML_RESPONSE_ASSERTION_COUNT',
    text: responseXml(validShape, assertionXml(evil), { extensions: A }),
  },
  {
    file: 'xsw.evil-assertion-beside-signed.xml',
    shows: 'XSW: an unsigned evil assertion before the signed one',
    required: 'assertion',
    expected: 'ERR_SAML_RESPONSE_ASSERTION_COUNT',
    text: responseXml(validShape, assertionXml(evil) + A),
  },
  {
    file: 'xsw.signed-assertion-in-advice.xml',
    shows: "XSW: the signed assertion hidden in the evil assertion's Advice",
    required: 'assertion',
    expected: 'ERR_SAML_RESPONSE_ASSERTION_COUNT',
    text: responseXml(validShape, assertionXml(evil, { afterConditions: `<saml:Advice>${A}</saml:Advice>` })),
  },
  {
    file: 'xsw.signed-assertion-in-signature-object.xml',
    shows: 'XSW: the evil assertion carries the copied signature, the signed assertion inside its ds:Object',
    required: 'assertion',
    expected: 'ERR_SAML_RESPONSE_ASSERTION_COUNT',
    text: responseXml(
      validShape,
      afterIssuer(
        assertionXml(evil),
        signatureOf(A).replace('</ds:Signature>', `<ds:Object>${A}</ds:Object></ds:Signature>`),
      ),
    ),
  },
  {
    file: 'xsw.signed-response-in-advice.xml',
    shows: 'response-level XSW: an evil Response whose assertion hides the signed Response in its Advice',
    required: 'response',
    expected: 'ERR_SAML_RESPONSE_ROOT',
    text: responseXml(evilResponse, assertionXml(evil, { afterConditions: `<saml:Advice>${R}</saml:Advice>` })),
  },
  {
    file: 'xsw.signed-response-in-extensions.xml',
    shows:
      "response-level XSW: the signed Response under the evil one's Extensions "
      + '(the schema refuses a protocol element there)',
    required: 'response',
    expected: 'ERR_SAML_SCHEMA_INVALID',
    text: responseXml(evilResponse, assertionXml(evil), { extensions: R }),
  },
  {
    file: 'xsw.response-signature-on-evil-response.xml',
    shows:
      "response-level XSW: the Response's signature moved onto an evil Response "
      + '(its Reference names the absent original)',
    required: 'response',
    expected: 'ERR_XMLDSIG_REFERENCE',
    text: afterIssuer(responseXml(evilResponse, assertionXml(evil)), signatureOf(R)),
  },
  {
    file: 'two-assertions.xml',
    shows: 'two assertions, each validly signed',
    required: 'assertion',
    expected: 'ERR_SAML_RESPONSE_ASSERTION_COUNT',
    text: responseXml(validShape, A + signedAssertion(shape({ assertionId: '_assertion-0002', nameId: 'mallory' }))),
  },
  {
    file: 'no-assertion.xml',
    shows: 'a signed Success Response without any assertion',
    required: 'response',
    expected: 'ERR_SAML_RESPONSE_ASSERTION_COUNT',
    text: signRoot(responseXml(validShape, '')),
  },
  {
    file: 'status-not-success.xml',
    shows: 'Responder/AuthnFailed, unsigned, no assertion',
    required: 'assertion',
    expected: 'ERR_SAML_RESPONSE_STATUS',
    text: responseXml(validShape, '', {
      status:
        '<samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Responder">'
        + '<samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:AuthnFailed"/></samlp:StatusCode>'
        + '<samlp:StatusMessage>Utilisateur alice inconnu</samlp:StatusMessage>',
    }),
  },
  {
    file: 'not-a-response.xml',
    shows: 'a LogoutResponse posted to the ACS',
    required: 'assertion',
    expected: 'ERR_SAML_RESPONSE_ROOT',
    text: responseXml(validShape, '').replaceAll('samlp:Response', 'samlp:LogoutResponse'),
  },
  {
    file: 'version-not-2.0.xml',
    shows: 'a Response with Version="1.1"',
    required: 'assertion',
    expected: 'ERR_SAML_RESPONSE_ROOT',
    text: responseXml(validShape, A).replace('Version="2.0"', 'Version="1.1"'),
  },
  {
    file: 'expired.xml',
    shows: 'issued 20 minutes before now, confirmation and conditions over',
    required: 'assertion',
    expected: 'ERR_SAML_RESPONSE_EXPIRED',
    text: responseXml(
      shape({ issued: -20 }),
      signedAssertion(shape({ issued: -20, notBefore: -21, conditionsUntil: -10, confirmationUntil: -15 })),
    ),
  },
  {
    file: 'not-before-in-future.xml',
    shows: 'Conditions NotBefore 10 minutes after now',
    required: 'assertion',
    expected: 'ERR_SAML_RESPONSE_NOT_YET_VALID',
    text: responseXml(validShape, signedAssertion(shape({ notBefore: 10, conditionsUntil: 15 }))),
  },
  {
    file: 'issued-in-future.xml',
    shows: 'IssueInstant 10 minutes after now',
    required: 'assertion',
    expected: 'ERR_SAML_RESPONSE_NOT_YET_VALID',
    text: responseXml(
      shape({ issued: 10 }),
      signedAssertion(shape({ issued: 10, confirmationUntil: 15, conditionsUntil: 20 })),
    ),
  },
  {
    file: 'instant-without-zone.xml',
    shows: 'an assertion IssueInstant without a time zone (schema-valid xs:dateTime)',
    required: 'assertion',
    expected: 'ERR_SAML_RESPONSE_VALUE',
    text: responseXml(
      validShape,
      signRoot(
        assertionXml(validShape).replace('IssueInstant="2026-09-01T08:00:00Z"', 'IssueInstant="2026-09-01T08:00:00"'),
      ),
    ),
  },
  {
    file: 'wrong-audience.xml',
    shows: 'the Audience is another service provider',
    required: 'assertion',
    expected: 'ERR_SAML_RESPONSE_AUDIENCE',
    text: responseXml(validShape, signedAssertion(shape({ audience: 'https://other-sp.test/sp' }))),
  },
  {
    file: 'no-audience.xml',
    shows: 'Conditions without AudienceRestriction',
    required: 'assertion',
    expected: 'ERR_SAML_RESPONSE_AUDIENCE',
    text: responseXml(validShape, signedAssertion(shape({ audience: null }))),
  },
  {
    file: 'audience-restriction-disguised-as-condition.xml',
    shows: 'a second audience restriction written as saml:Condition xsi:type=AudienceRestrictionType',
    required: 'assertion',
    expected: 'ERR_SAML_RESPONSE_CONDITION_UNKNOWN',
    text: responseXml(
      validShape,
      signedAssertion(
        shape({
          extraConditions:
            '<saml:Condition xsi:type="saml:AudienceRestrictionType">'
            + '<saml:Audience>https://other-sp.test/sp</saml:Audience></saml:Condition>',
        }),
      ),
    ),
  },
  {
    file: 'wrong-destination.xml',
    shows: 'both signed, Destination another ACS',
    required: 'both',
    expected: 'ERR_SAML_RESPONSE_DESTINATION',
    text: signRoot(responseXml(shape({ destination: 'https://other-sp.test/acs' }), A)),
  },
  {
    file: 'signed-response-without-destination.xml',
    shows: 'a signed Response without Destination (saml-bindings §3.5.5.2)',
    required: 'response',
    expected: 'ERR_SAML_RESPONSE_DESTINATION',
    text: signRoot(responseXml(shape({ destination: null }), unsignedA)),
  },
  {
    file: 'wrong-recipient.xml',
    shows: 'SubjectConfirmationData Recipient is another ACS',
    required: 'assertion',
    expected: 'ERR_SAML_RESPONSE_RECIPIENT',
    text: responseXml(validShape, signedAssertion(shape({ recipient: 'https://other-sp.test/acs' }))),
  },
  {
    file: 'unsolicited.xml',
    shows: 'no InResponseTo on the Response nor on the confirmation (IdP-initiated)',
    required: 'assertion',
    expected: 'ERR_SAML_RESPONSE_UNSOLICITED',
    text: responseXml(shape({ inResponseTo: null }), signedAssertion(shape({ confirmationInResponseTo: null }))),
  },
  {
    file: 'inresponseto-mismatch.xml',
    shows: 'the signed confirmation answers another request than the Response says',
    required: 'assertion',
    expected: 'ERR_SAML_RESPONSE_IN_RESPONSE_TO',
    text: responseXml(
      validShape,
      signedAssertion(shape({ confirmationInResponseTo: '_0000000000000000000000000000dead' })),
    ),
  },
  {
    file: 'wrong-issuer.xml',
    shows: "Issuer another IdP, though signed with this IdP's key",
    required: 'assertion',
    expected: 'ERR_SAML_RESPONSE_ISSUER',
    text: responseXml(
      shape({ issuer: 'https://other-ent.test/idp' }),
      signedAssertion(shape({ assertionIssuer: 'https://other-ent.test/idp' })),
    ),
  },
  {
    file: 'wrong-assertion-issuer.xml',
    shows: "the Response's Issuer right, the signed assertion's another IdP",
    required: 'assertion',
    expected: 'ERR_SAML_RESPONSE_ISSUER',
    text: responseXml(validShape, signedAssertion(shape({ assertionIssuer: 'https://other-ent.test/idp' }))),
  },
  {
    file: 'encrypted-assertion-for-another-key.xml',
    shows: "encrypted to a key that is not the broker's",
    required: 'assertion',
    expected: 'ERR_SAML_RESPONSE_DECRYPTION',
    text: responseXml(validShape, encrypted(A, { content: 'aes-256-gcm', transport: 'mgf1p' }, untrusted)),
  },
  {
    file: 'encrypted-assertion-rsa-1_5.xml',
    shows: 'key transport RSA PKCS#1 v1.5 (Bleichenbacher)',
    required: 'assertion',
    expected: 'ERR_SAML_RESPONSE_ENCRYPTION_ALGORITHM',
    text: responseXml(validShape, encrypted(A, { content: 'aes-256-gcm', transport: 'rsa-1_5' })),
  },
  {
    file: 'encrypted-unsigned-assertion-in-unsigned-response.xml',
    shows: 'an unsigned assertion encrypted in an unsigned Response: refused under the one decryption code',
    required: 'either',
    expected: 'ERR_SAML_RESPONSE_DECRYPTION',
    text: responseXml(validShape, encrypted(unsignedA, { content: 'aes-256-gcm', transport: 'mgf1p' })),
  },
  {
    file: 'encrypted-assertion-signed-by-untrusted-key.xml',
    shows: 'an encrypted assertion signed by an untrusted key, Response unsigned: the one decryption code',
    required: 'assertion',
    expected: 'ERR_SAML_RESPONSE_DECRYPTION',
    text: responseXml(
      validShape,
      encrypted(signedAssertion(validShape, untrusted), { content: 'aes-256-gcm', transport: 'mgf1p' }),
    ),
  },
  {
    file: 'doctype-external-entity.xml',
    shows: 'XXE: a DOCTYPE declaring an external entity used in the NameID',
    required: 'assertion',
    expected: 'ERR_SAML_XML_DOCTYPE',
    text:
      '<!DOCTYPE samlp:Response [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
      + responseXml(validShape, assertionXml(shape({ nameId: '&xxe;' }))),
  },
  {
    file: 'billion-laughs.xml',
    shows: 'entity expansion (billion laughs) in a DOCTYPE',
    required: 'assertion',
    expected: 'ERR_SAML_XML_DOCTYPE',
    text:
      '<!DOCTYPE samlp:Response [<!ENTITY l0 "ha">'
      + Array.from({ length: 9 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`).join('')
      + ']>\n'
      + responseXml(validShape, assertionXml(shape({ nameId: '&l9;' }))),
  },
  {
    file: 'malformed-xml.xml',
    shows: 'a Response whose Issuer is never closed',
    required: 'assertion',
    expected: 'ERR_SAML_XML_MALFORMED',
    text: responseXml(validShape, A).replace('</saml:Issuer>', ''),
  },
  {
    file: 'malformed-base64.txt',
    shows: 'a SAMLResponse value that is not base64 (this file is the posted value itself)',
    required: 'assertion',
    expected: 'ERR_SAML_MESSAGE_ENCODING',
    text: 'PHNhbWxwOlJlc3BvbnNl*not/base64!',
  },
];

function readme(): string {
  return [
    "# ACS fixtures: ENT Responses to the broker's ACS",
    '',
    '<!-- Written by scripts/make-acs-fixtures.ts with the files; do not edit by hand. -->',
    '',
    `Each file is one SAML Response an ENT (IdP \`${acsParties.idp}\`) could post to the broker `
      + `(SP \`${acsParties.sp}\`,`,
    `ACS \`${acsParties.acs}\`) for the AuthnRequest \`${acsParties.requestId}\`, `
      + `made at ${acsFixtureInstant.toISOString()}: the tests pass that instant`,
    'as `now` (skew 60 s). The `.xml` files are the decoded XML; the tests base64-encode them. '
      + '`malformed-base64.txt` is posted as is.',
    '',
    '**The keys in this folder are TEST-ONLY and public: never use them anywhere else.**',
    "`test-ent-idp.*.pem` signs as the ENT (its certificate is the IdP metadata's only signing key),",
    '`test-untrusted-signer.*.pem` is a key no metadata names, '
      + "`test-broker-encryption.*.pem` is the broker's encryption key.",
    '',
    'Regenerate with `npx tsx scripts/make-acs-fixtures.ts` (random IVs and content keys change; the keys are reused).',
    'test/trust/saml/idp-response/acs-fixtures.test.ts holds the same table and fails if the two differ.',
    '',
    '| file | what it shows | requiredSignature | expected |',
    '| --- | --- | --- | --- |',
    ...fixtures.map(
      (f) =>
        `| \`${f.file}\` | ${f.shows.replaceAll('|', '\\|')} | ${f.required} | `
        + `${f.expected === accepted ? accepted : `\`${f.expected}\``} |`,
    ),
    '',
  ].join('\n');
}

for (const fixture of fixtures)
  writeFileSync(new URL(fixture.file, folder), fixture.text.endsWith('\n') ? fixture.text : `${fixture.text}\n`);
writeFileSync(new URL('README.md', folder), readme());
process.stdout.write(`${fixtures.length} fixtures written to test/fixtures/saml/acs/\n`);
