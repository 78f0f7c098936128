/**
 * Writes the SSO fixture corpus, test/fixtures/saml/sso/ (run: `npx tsx scripts/make-sso-fixtures.ts`;
 * the output is committed): publisher AuthnRequests reaching the broker's `/saml/idp/sso`, each the
 * valid request with one thing changed, signed with the committed TEST-ONLY keys at the fixed
 * instant of sso-fixture-parties.ts. RSA PKCS#1 v1.5 signatures and DEFLATE are deterministic, so
 * a rerun rewrites the same bytes. Attacks are string edits of signed text, so the generator shows
 * exactly what the attacker changed. The README table is written from the list below.
 */
import { deflateRawSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';
import { ssoFixtureFolder, ssoFixtureInstant, ssoParties } from '../test/trust/saml/sp-request/sso-fixture-parties.js';
import {
  fixtureKey,
  redirectQuery,
  request,
  requestXml,
  sha1SignedPost,
  signatureOf,
  signedPost,
  spMetadataXml,
  uris,
  validRequest,
  type RedirectOptions,
  type RequestShape,
} from './sso-fixture-requests.js';

const sp = fixtureKey('test-publisher-sp', 'test publisher SP');
const untrusted = fixtureKey('test-untrusted-signer', 'untrusted signer');

/** `required`: signatures required by the broker and the SP metadata ('yes'), or by neither ('no'). */
interface Fixture {
  readonly file: string;
  readonly shows: string;
  readonly required: 'yes' | 'no';
  readonly expected: string;
  readonly text: string;
}

const redirect = (shape: RequestShape, options: RedirectOptions = {}): string =>
  redirectQuery(requestXml(shape), sp, options);
const post = (shape: RequestShape, key = sp): string => signedPost(requestXml(shape), key);
const S = post(validRequest);
const evil = request({
  id: '_evil-request',
  acsUrl: 'https://evil.test/acs',
  extensions: `<e:Wrap xmlns:e="urn:evil">${S}</e:Wrap>`,
});
const afterIssuer = (xml: string, fragment: string): string =>
  xml.replace('</saml:Issuer>', `</saml:Issuer>${fragment}`);
const b64 = (xml: string): string => Buffer.from(xml, 'utf8').toString('base64');
const accepted = 'accepted';

const fixtures: Fixture[] = [
  {
    file: 'valid.redirect-signed.query.txt',
    shows: 'HTTP-Redirect, RSA-SHA256 query signature, RelayState, ACS URL + HTTP-POST ProtocolBinding',
    required: 'yes',
    expected: accepted,
    text: redirect(validRequest),
  },
  {
    file: 'valid.redirect-signed-sha512.query.txt',
    shows: 'HTTP-Redirect signed RSA-SHA512, no RelayState, neither ACS URL nor index: the metadata default ACS',
    required: 'yes',
    expected: accepted,
    text: redirect(request({ acsUrl: null, protocolBinding: null }), { sigAlg: 'rsa-sha512', relayState: null }),
  },
  {
    file: 'valid.redirect-lowercase-escapes.query.txt',
    shows: 'percent-escapes in lower case (`%2f`), signed as sent: verified over the raw octets, never re-encoded',
    required: 'yes',
    expected: accepted,
    text: redirect(validRequest, { lowerCaseEscapes: true }),
  },
  {
    file: 'valid.post-signed.post.xml',
    shows: 'HTTP-POST, enveloped RSA-SHA256 signature of the root after its Issuer',
    required: 'yes',
    expected: accepted,
    text: S,
  },
  {
    file: 'valid.post-deflated.post.txt',
    shows:
      'the same signed request DEFLATEd before base64, as node-saml posts by default (this file is the posted value)',
    required: 'yes',
    expected: accepted,
    text: deflateRawSync(Buffer.from(S, 'utf8')).toString('base64'),
  },
  {
    file: 'valid.post-acs-by-index.post.xml',
    shows: 'AssertionConsumerServiceIndex="0", no URL: the metadata ACS of that index',
    required: 'yes',
    expected: accepted,
    text: post(request({ acsUrl: null, protocolBinding: null, acsIndex: 0 })),
  },
  {
    file: 'valid.post-without-destination.post.xml',
    shows:
      'a signed request without Destination: accepted (checked only when present), '
      + 'the answer still goes to a registered ACS',
    required: 'yes',
    expected: accepted,
    text: post(request({ destination: null })),
  },
  {
    file: 'valid.redirect-unsigned.query.txt',
    shows: 'an unsigned request, when neither the broker nor the metadata requires signatures',
    required: 'no',
    expected: accepted,
    text: redirect(validRequest, { unsigned: true }),
  },
  {
    file: 'unsigned-when-required.redirect.query.txt',
    shows: 'an unsigned HTTP-Redirect request (no SigAlg, no Signature)',
    required: 'yes',
    expected: 'ERR_SAML_REQUEST_UNSIGNED',
    text: redirect(validRequest, { unsigned: true }),
  },
  {
    file: 'unsigned-when-required.post.xml',
    shows: 'an unsigned HTTP-POST request',
    required: 'yes',
    expected: 'ERR_SAML_REQUEST_UNSIGNED',
    text: requestXml(validRequest),
  },
  {
    file: 'signature-stripped.redirect.query.txt',
    shows: 'the Signature parameter removed, SigAlg left',
    required: 'yes',
    expected: 'ERR_SAML_REQUEST_UNSIGNED',
    text: redirect(validRequest).replace(/&Signature=[^&]*/, ''),
  },
  {
    file: 'signature-stripped.post.xml',
    shows: 'the ds:Signature removed from a signed POST request (signature exclusion)',
    required: 'yes',
    expected: 'ERR_SAML_REQUEST_UNSIGNED',
    text: S.replace(signatureOf(S), ''),
  },
  {
    file: 'tampered.redirect.query.txt',
    shows: 'SAMLRequest replaced by a request to another ACS, the original SigAlg and Signature kept',
    required: 'yes',
    expected: 'ERR_SAML_REQUEST_SIGNATURE_INVALID',
    text: redirect(validRequest).replace(/^SAMLRequest=[^&]*/, () =>
      redirect(request({ acsUrl: 'https://evil.test/acs' }), { unsigned: true, relayState: null }),
    ),
  },
  {
    file: 'tampered.post.xml',
    shows: 'the AssertionConsumerServiceURL of a signed POST request changed after signing',
    required: 'yes',
    expected: 'ERR_SAML_REQUEST_SIGNATURE_INVALID',
    text: S.replace(
      `AssertionConsumerServiceURL="${ssoParties.acs}"`,
      'AssertionConsumerServiceURL="https://evil.test/acs"',
    ),
  },
  {
    file: 'xsw.signed-request-in-extensions.post.xml',
    shows: 'XSW: an unsigned evil request whose Extensions hold the signed one',
    required: 'yes',
    expected: 'ERR_SAML_REQUEST_UNSIGNED',
    text: requestXml(evil),
  },
  {
    file: 'xsw.signature-copied-onto-evil-request.post.xml',
    shows:
      "XSW: the evil request carries the signed one's signature (its Reference names the other ID), "
      + 'the signed one in its Extensions',
    required: 'yes',
    expected: 'ERR_XMLDSIG_REFERENCE',
    text: afterIssuer(requestXml(evil), signatureOf(S)),
  },
  {
    file: 'xsw.evil-request-with-same-id.post.xml',
    shows: "XSW: as above with the evil request taking the signed one's ID (two elements, one xs:ID)",
    required: 'yes',
    expected: 'ERR_SAML_SCHEMA_INVALID',
    text: afterIssuer(requestXml(request({ ...evil, id: ssoParties.requestId })), signatureOf(S)),
  },
  {
    file: 'xsw.two-signatures.post.xml',
    shows: 'two ds:Signature on the root: one by an untrusted key, then the valid one',
    required: 'yes',
    expected: 'ERR_SAML_SCHEMA_INVALID',
    text: afterIssuer(S, signatureOf(post(validRequest, untrusted))),
  },
  {
    file: 'signed-by-untrusted-key.redirect.query.txt',
    shows: 'a query signature by a key the SP metadata does not list',
    required: 'yes',
    expected: 'ERR_SAML_REQUEST_SIGNATURE_INVALID',
    text: redirect(validRequest, { key: untrusted }),
  },
  {
    file: 'signed-by-untrusted-key.post.xml',
    shows: 'an enveloped signature by a key the SP metadata does not list (its certificate in KeyInfo)',
    required: 'yes',
    expected: 'ERR_SAML_REQUEST_SIGNATURE_INVALID',
    text: post(validRequest, untrusted),
  },
  {
    file: 'bad-signature-when-not-required.post.xml',
    shows: 'a failing signature where none is required: refused, never read as unsigned',
    required: 'no',
    expected: 'ERR_SAML_REQUEST_SIGNATURE_INVALID',
    text: post(validRequest, untrusted),
  },
  {
    file: 'bad-signature-when-not-required.redirect.query.txt',
    shows: 'a failing query signature where none is required',
    required: 'no',
    expected: 'ERR_SAML_REQUEST_SIGNATURE_INVALID',
    text: redirect(validRequest, { key: untrusted }),
  },
  {
    file: 'unknown-sp.redirect.query.txt',
    shows: 'an Issuer that is not a registered SP, signed by its own key',
    required: 'yes',
    expected: 'ERR_SAML_REQUEST_UNKNOWN_SP',
    text: redirect(request({ issuer: 'https://unknown.test/sp' }), { key: untrusted }),
  },
  {
    file: 'acs-not-in-metadata.redirect.query.txt',
    shows: 'AssertionConsumerServiceURL not in the SP metadata',
    required: 'yes',
    expected: 'ERR_SAML_REQUEST_ACS_UNKNOWN',
    text: redirect(request({ acsUrl: 'https://publisher.test/other-acs' })),
  },
  {
    file: 'acs-http-redirect-binding.redirect.query.txt',
    shows: 'AssertionConsumerServiceURL of an ACS the metadata registers with the HTTP-Redirect binding',
    required: 'yes',
    expected: 'ERR_SAML_REQUEST_ACS_UNKNOWN',
    text: redirect(request({ acsUrl: ssoParties.acsRedirect, protocolBinding: null })),
  },
  {
    file: 'acs-protocol-binding-redirect.redirect.query.txt',
    shows: 'the registered POST ACS URL with ProtocolBinding HTTP-Redirect',
    required: 'yes',
    expected: 'ERR_SAML_REQUEST_ACS_UNKNOWN',
    text: redirect(request({ protocolBinding: uris.redirect })),
  },
  {
    file: 'acs-index-of-redirect-acs.post.xml',
    shows: 'AssertionConsumerServiceIndex="1", the HTTP-Redirect ACS',
    required: 'yes',
    expected: 'ERR_SAML_REQUEST_ACS_UNKNOWN',
    text: post(request({ acsUrl: null, protocolBinding: null, acsIndex: 1 })),
  },
  {
    file: 'acs-url-and-index.post.xml',
    shows: 'both AssertionConsumerServiceURL and AssertionConsumerServiceIndex (saml-core §3.4.1 forbids)',
    required: 'yes',
    expected: 'ERR_SAML_REQUEST_INVALID',
    text: post(request({ acsIndex: 0 })),
  },
  {
    file: 'wrong-destination.redirect.query.txt',
    shows: 'Destination another endpoint of the broker',
    required: 'yes',
    expected: 'ERR_SAML_REQUEST_DESTINATION',
    text: redirect(request({ destination: `${ssoParties.sso}/other` })),
  },
  {
    file: 'expired-issue-instant.redirect.query.txt',
    shows: 'IssueInstant 20 minutes before now (the limit is 10 minutes plus the skew)',
    required: 'yes',
    expected: 'ERR_SAML_REQUEST_EXPIRED',
    text: redirect(request({ issuedMinutes: -20 })),
  },
  {
    file: 'issued-in-future.redirect.query.txt',
    shows: 'IssueInstant 5 minutes after now (beyond the 60 s skew)',
    required: 'yes',
    expected: 'ERR_SAML_REQUEST_EXPIRED',
    text: redirect(request({ issuedMinutes: 5 })),
  },
  {
    file: 'version-not-2.0.post.xml',
    shows: 'a signed request with Version="1.1"',
    required: 'yes',
    expected: 'ERR_SAML_REQUEST_INVALID',
    text: post(request({ version: '1.1' })),
  },
  {
    file: 'not-an-authn-request.post.xml',
    shows: 'a signed LogoutRequest sent to the SSO endpoint',
    required: 'yes',
    expected: 'ERR_SAML_REQUEST_INVALID',
    text: signedPost(
      requestXml(validRequest)
        .replaceAll('samlp:AuthnRequest', 'samlp:LogoutRequest')
        .replace(/<samlp:NameIDPolicy[^>]*\/>/, `<saml:NameID Format="${uris.transient}">_someone</saml:NameID>`)
        .replace(/ AssertionConsumerServiceURL="[^"]*" ProtocolBinding="[^"]*"/, ''),
      sp,
    ),
  },
  {
    file: 'doctype.post.xml',
    shows: 'XXE: a DOCTYPE declaring an external entity used in the Issuer',
    required: 'yes',
    expected: 'ERR_SAML_XML_DOCTYPE',
    text:
      '<!DOCTYPE samlp:AuthnRequest [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
      + requestXml(request({ issuer: '&xxe;' })),
  },
  {
    file: 'doctype.redirect.query.txt',
    shows: 'billion laughs: nested internal entities in a DOCTYPE, by HTTP-Redirect',
    required: 'yes',
    expected: 'ERR_SAML_XML_DOCTYPE',
    text: `SAMLRequest=${encodeURIComponent(deflateRawSync(Buffer.from(billionLaughs(), 'utf8')).toString('base64'))}`,
  },
  {
    file: 'deflate-bomb.redirect.query.txt',
    shows: '16 KiB of DEFLATE that inflate to 16 MiB: inflation stops at the 64 KiB cap',
    required: 'yes',
    expected: 'ERR_SAML_INFLATE',
    text:
      'SAMLRequest='
      + encodeURIComponent(deflateRawSync(Buffer.alloc(16 * 1024 * 1024, 0x20), { level: 9 }).toString('base64')),
  },
  {
    file: 'relaystate-too-long.redirect.query.txt',
    shows: 'a signed request with an 81-byte RelayState (saml-bindings §3.4.3: at most 80)',
    required: 'yes',
    expected: 'ERR_SAML_REQUEST_RELAYSTATE',
    text: redirect(validRequest, { relayState: `ressource/${'x'.repeat(71)}` }),
  },
  {
    file: 'duplicate-relaystate.redirect.query.txt',
    shows: 'a second RelayState appended to a signed query (signer and reader could take different ones)',
    required: 'yes',
    expected: 'ERR_SAML_REDIRECT_QUERY',
    text: `${redirect(validRequest)}&RelayState=evil`,
  },
  {
    file: 'signature-without-sigalg.redirect.query.txt',
    shows: 'a Signature parameter without SigAlg',
    required: 'yes',
    expected: 'ERR_SAML_REDIRECT_ALGORITHM',
    text: redirect(validRequest).replace(/&SigAlg=[^&]*/, ''),
  },
  {
    file: 'sha1.redirect.query.txt',
    shows: 'a query signature with SigAlg rsa-sha1',
    required: 'yes',
    expected: 'ERR_SAML_REDIRECT_ALGORITHM',
    text: redirect(validRequest, { sigAlg: 'rsa-sha1' }),
  },
  {
    file: 'sha1.post.xml',
    shows: 'an enveloped RSA-SHA1 signature with a SHA-1 digest',
    required: 'yes',
    expected: 'ERR_XMLDSIG_ALGORITHM',
    text: sha1SignedPost(requestXml(validRequest), sp),
  },
  {
    file: 'malformed-base64.post.txt',
    shows: 'a SAMLRequest value that is not base64 (this file is the posted value)',
    required: 'yes',
    expected: 'ERR_SAML_MESSAGE_ENCODING',
    text: `${b64(requestXml(validRequest)).slice(0, 40)}*not/base64!`,
  },
];

function billionLaughs(): string {
  const entities = Array.from({ length: 9 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`).join('');
  return `<!DOCTYPE samlp:AuthnRequest [<!ENTITY l0 "ha">${entities}]>\n${requestXml(request({ issuer: '&l9;' }))}`;
}

function readme(): string {
  return [
    "# SSO fixtures: publisher AuthnRequests to the broker's IdP",
    '',
    '<!-- Written by scripts/make-sso-fixtures.ts with the files; do not edit by hand. -->',
    '',
    `Each file is one AuthnRequest the publisher SP \`${ssoParties.sp}\` `
      + '(metadata: `sp-metadata.xml`: signed requests, HTTP-POST ACS',
    `\`${ssoParties.acs}\` index 0 default, HTTP-Redirect ACS \`${ssoParties.acsRedirect}\` index 1) `
      + "could send to the broker's",
    `\`${ssoParties.sso}\`, made at ${ssoFixtureInstant.toISOString()}: `
      + 'the tests pass that instant plus 30 s as `now` (skew 60 s).',
    '',
    '- `*.query.txt`: the HTTP-Redirect query string exactly as received (the signature covers its octets);',
    '- `*.post.xml`: the decoded HTTP-POST request; '
      + `the tests base64-encode it and post RelayState \`${ssoParties.relayState}\`;`,
    '- `*.post.txt`: the SAMLRequest value posted as is.',
    '',
    '"required" `yes`: the broker requires signatures and the metadata says AuthnRequestsSigned; `no`: neither does.',
    '',
    '**The keys in this folder are TEST-ONLY and public: never use them anywhere else.**',
    "`test-publisher-sp.*.pem` signs as the publisher (its certificate is the metadata's only signing key);",
    '`test-untrusted-signer.*.pem` is a key no metadata names.',
    '',
    'Regenerate with `npx tsx scripts/make-sso-fixtures.ts` (the keys are reused; the output is the same bytes).',
    'test/trust/saml/sp-request/sso-fixtures.test.ts holds the same table and fails if the two (or the folder) differ.',
    '',
    '| file | what it shows | required | expected |',
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
  writeFileSync(
    new URL(fixture.file, ssoFixtureFolder),
    fixture.text.endsWith('\n') ? fixture.text : `${fixture.text}\n`,
  );
writeFileSync(new URL('sp-metadata.xml', ssoFixtureFolder), spMetadataXml(sp));
writeFileSync(new URL('README.md', ssoFixtureFolder), readme());
process.stdout.write(`${fixtures.length} fixtures written to test/fixtures/saml/sso/\n`);
