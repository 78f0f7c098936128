/**
 * Writes the logout fixture corpus, test/fixtures/saml/logout/ (run:
 * `npx tsx test/trust/saml/logout/make-logout-fixtures.ts`; the output is committed): logout
 * messages an ENT or a publisher could send to the broker's SingleLogoutService endpoints, each a
 * valid message with one thing changed, signed with the committed TEST-ONLY keys at the fixed
 * instant of logout-fixture-parties.ts. RSA PKCS#1 v1.5 signatures and DEFLATE are
 * deterministic, so a rerun rewrites the same bytes. Attacks are string edits of signed text, so
 * the generator shows exactly what the attacker changed. The README table is written from the
 * list in logout-fixture-table.ts, which the tests read too.
 */
import { writeFileSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import {
  entMetadataXml,
  entRequest,
  entResponse,
  fixtureKey,
  instant,
  logoutXml,
  publisherMetadataXml,
  publisherRequest,
  publisherResponse,
  redirectQuery,
  sha1SignedPost,
  shape,
  signatureOf,
  signedPost,
  type LogoutShape,
  type RedirectOptions,
  type TestKey,
} from './logout-fixture-messages.js';
import { logoutFixtureFolder, logoutFixtureInstant, logoutParties, logoutUris } from './logout-fixture-parties.js';
import { accepted, logoutFixtureTable, type LogoutFixtureRow } from './logout-fixture-table.js';

const ent = fixtureKey('test-ent-idp', 'test ENT IdP');
const publisher = fixtureKey('test-publisher-sp', 'test publisher SP');
const untrusted = fixtureKey('test-untrusted-signer', 'untrusted signer');

const keyOf = (s: LogoutShape): TestKey => (s.issuer === logoutParties.ent ? ent : publisher);
const redirect = (s: LogoutShape, options: RedirectOptions & { key?: TestKey } = {}): string =>
  redirectQuery(logoutXml(s), options.key ?? keyOf(s), options);
const post = (s: LogoutShape, key = keyOf(s)): string => signedPost(logoutXml(s), key);
const afterIssuer = (xml: string, fragment: string): string =>
  xml.replace('</saml:Issuer>', `</saml:Issuer>${fragment}`);
const wrap = (xml: string): string => `<e:Wrap xmlns:e="urn:evil">${xml}</e:Wrap>`;
const status = (...names: string[]): string[] => names.map((name) => `${logoutUris.status}${name}`);

/** The signed publisher request every POST wrapping attack starts from. */
const S = post(publisherRequest);
const evil = shape(publisherRequest, {
  id: '_evil-request',
  identifier: `<saml:NameID Format="${logoutUris.transient}">_another-user</saml:NameID>`,
  extensions: wrap(S),
});
const signedResponse = post(publisherResponse);
const evilResponse = shape(publisherResponse, {
  id: '_evil-response',
  inResponseTo: '_another-request',
  extensions: wrap(signedResponse),
});

const encryptedId =
  '<saml:EncryptedID><xenc:EncryptedData xmlns:xenc="http://www.w3.org/2001/04/xmlenc#">'
  + '<xenc:CipherData><xenc:CipherValue>AAECAwQFBgcICQoLDA0ODw==</xenc:CipherValue></xenc:CipherData>'
  + '</xenc:EncryptedData></saml:EncryptedID>';
const baseId =
  '<saml:BaseID xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:x="urn:example:ids"'
  + ' xsi:type="x:StaffId"/>';
const authnRequest =
  `<samlp:AuthnRequest xmlns:samlp="${logoutUris.protocol}" xmlns:saml="${logoutUris.assertion}"`
  + ` ID="${logoutParties.requestId}" Version="2.0" IssueInstant="${instant(0)}"`
  + ` Destination="${logoutParties.brokerIdpSlo}">`
  + `\n  <saml:Issuer>${logoutParties.publisher}</saml:Issuer>\n</samlp:AuthnRequest>`;

/** 16 MiB of spaces, deflated to 16 KiB. */
const deflateBomb = deflateRawSync(Buffer.alloc(16 * 1024 * 1024, 0x20), { level: 9 });

/** Each fixture's content, by file name; logoutFixtureTable says what it shows and what it must give. */
const texts: Readonly<Record<string, string>> = {
  'valid.request.ent.redirect.query.txt': redirect(entRequest),
  'valid.request.publisher.post.xml': S,
  'valid.request.redirect-sha512.query.txt': redirect(publisherRequest, { sigAlg: 'rsa-sha512', relayState: null }),
  'valid.request.not-on-or-after-within-skew.post.xml': post(shape(publisherRequest, { notOnOrAfter: instant(0) })),
  'valid.response.publisher.redirect.query.txt': redirect(publisherResponse),
  'valid.response.ent.post.xml': post(entResponse),
  'valid.response.requester-status.redirect.query.txt': redirect(
    shape(publisherResponse, { status: status('Requester', 'UnknownPrincipal') }),
  ),
  'unsigned.request.redirect.query.txt': redirect(entRequest, { unsigned: true }),
  'unsigned.request.post.xml': logoutXml(publisherRequest),
  'unsigned.response.redirect.query.txt': redirect(publisherResponse, { unsigned: true }),
  'unsigned.response.post.xml': logoutXml(entResponse),
  'signature-stripped.request.redirect.query.txt': redirect(entRequest).replace(/&Signature=[^&]*/, ''),
  'signature-stripped.request.post.xml': S.replace(signatureOf(S), ''),
  'signed-by-untrusted-key.request.redirect.query.txt': redirect(entRequest, { key: untrusted }),
  'signed-by-untrusted-key.request.post.xml': post(publisherRequest, untrusted),
  'signed-by-other-partner.request.redirect.query.txt': redirect(publisherRequest, { key: ent }),
  'signed-by-other-partner.response.post.xml': post(entResponse, publisher),
  'sha1.request.redirect.query.txt': redirect(entRequest, { sigAlg: 'rsa-sha1' }),
  'sha1.request.post.xml': sha1SignedPost(logoutXml(publisherRequest), logoutParties.requestId, publisher),
  'tampered-nameid.request.post.xml': S.replace(logoutParties.publisherNameId, '_another-user'),
  'tampered.response.redirect.query.txt': redirect(publisherResponse).replace(/^SAMLResponse=[^&]*/, () =>
    redirect(shape(publisherResponse, { inResponseTo: '_another-request' }), { unsigned: true, relayState: null }),
  ),
  'issuer-changed.request.post.xml': S.replace(
    `<saml:Issuer>${logoutParties.publisher}<`,
    `<saml:Issuer>${logoutParties.ent}<`,
  ),
  'issuer-changed.request.redirect.query.txt': redirect(publisherRequest).replace(/^SAMLRequest=[^&]*/, () =>
    redirect(shape(publisherRequest, { issuer: logoutParties.ent }), { unsigned: true, relayState: null }),
  ),
  'issuer-format-not-entity.request.post.xml': post(shape(publisherRequest, { issuerFormat: logoutUris.transient })),
  'unknown-issuer.request.redirect.query.txt': redirect(
    shape(publisherRequest, { issuer: 'https://unknown.test/sp' }),
    { key: untrusted },
  ),
  'no-issuer.request.post.xml': post(shape(publisherRequest, { issuer: null })),
  'xsw.signed-request-in-extensions.post.xml': logoutXml(evil),
  'xsw.signature-copied-onto-evil-request.post.xml': afterIssuer(logoutXml(evil), signatureOf(S)),
  'xsw.evil-request-with-same-id.post.xml': afterIssuer(
    logoutXml(shape(evil, { id: logoutParties.requestId })),
    signatureOf(S),
  ),
  'xsw.two-signatures.post.xml': afterIssuer(S, signatureOf(post(publisherRequest, untrusted))),
  'xsw.signature-copied-onto-evil-response.post.xml': afterIssuer(logoutXml(evilResponse), signatureOf(signedResponse)),
  'wrong-destination.request.redirect.query.txt': redirect(
    shape(publisherRequest, { destination: logoutParties.brokerSpSlo }),
  ),
  'no-destination.request.post.xml': post(shape(publisherRequest, { destination: null })),
  'no-destination.response.redirect.query.txt': redirect(shape(publisherResponse, { destination: null })),
  'expired-not-on-or-after.request.redirect.query.txt': redirect(
    shape(publisherRequest, { issueInstant: instant(-3), notOnOrAfter: instant(-2) }),
  ),
  'issued-in-future.request.redirect.query.txt': redirect(shape(entRequest, { issueInstant: instant(5) })),
  'issued-too-long-ago.response.post.xml': post(shape(entResponse, { issueInstant: instant(-10) })),
  'instant-without-zone.request.post.xml': post(shape(publisherRequest, { issueInstant: instant(0).replace('Z', '') })),
  'encrypted-id.request.post.xml': post(shape(publisherRequest, { identifier: encryptedId })),
  'base-id.request.post.xml': post(shape(publisherRequest, { identifier: baseId })),
  'no-name-id.request.post.xml': post(shape(publisherRequest, { identifier: '' })),
  'empty-name-id.request.post.xml': post(
    shape(publisherRequest, { identifier: `<saml:NameID Format="${logoutUris.transient}"></saml:NameID>` }),
  ),
  'version-not-2.0.request.post.xml': post(shape(publisherRequest, { version: '1.1' })),
  'response-read-as-request.post.xml': signedResponse,
  'request-read-as-response.redirect.query.txt': redirect(publisherRequest),
  'response-as-samlrequest.redirect.query.txt': redirect(publisherResponse, { parameter: 'SAMLRequest' }),
  'authn-request.post.xml': signedPost(authnRequest, publisher),
  'no-in-response-to.response.redirect.query.txt': redirect(shape(publisherResponse, { inResponseTo: null })),
  'relaystate-too-long.request.redirect.query.txt': redirect(entRequest, {
    relayState: `deconnexion/${'x'.repeat(69)}`,
  }),
  'deflate-bomb.request.redirect.query.txt': `SAMLRequest=${encodeURIComponent(deflateBomb.toString('base64'))}`,
  'doctype.request.post.xml':
    '<!DOCTYPE samlp:LogoutRequest [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    + logoutXml(shape(publisherRequest, { issuer: '&xxe;' })),
  'malformed-base64.post.txt': `${Buffer.from(logoutXml(publisherRequest), 'utf8').toString('base64').slice(0, 40)}*!`,
};

function readme(): string {
  const row = (f: LogoutFixtureRow): string => {
    const expected = f.expected === accepted ? accepted : `\`${f.expected}\``;
    return `| \`${f.file}\` | ${f.shows.replaceAll('|', '\\|')} | ${f.readAs} | ${f.at} | ${expected} |`;
  };
  const { ent: entId, publisher: publisherId, brokerSpSlo, brokerIdpSlo, relayState } = logoutParties;
  const made = logoutFixtureInstant.toISOString();
  return [
    "# Logout fixtures: partners' LogoutRequests and LogoutResponses to the broker",
    '',
    '<!-- Written by test/trust/saml/logout/make-logout-fixtures.ts with the files; do not edit by hand. -->',
    '',
    `Each file is one logout message the ENT identity provider \`${entId}\` (metadata: \`ent-metadata.xml\`) or the`,
    `publisher service provider \`${publisherId}\` (metadata: \`publisher-metadata.xml\`) could send to one of the`,
    `broker's SingleLogoutService endpoints, made at ${made}: the tests pass that instant plus 30 s as \`now\``,
    '(skew 60 s). Both metadata declare SingleLogoutService by HTTP-Redirect and HTTP-POST.',
    '',
    '- `*.query.txt`: the HTTP-Redirect query string exactly as received (the signature covers its octets);',
    `- \`*.post.xml\`: the decoded HTTP-POST message; the tests base64-encode it and post RelayState`,
    `  \`${relayState}\`;`,
    '- `*.post.txt`: the SAMLRequest value posted as is.',
    '',
    '"read as": given to `readLogoutRequest` or `readLogoutResponse`; "at": received at the broker\'s SP endpoint',
    `(\`sp\`: \`${brokerSpSlo}\`, the ENT's side) or its IdP endpoint (\`idp\`: \`${brokerIdpSlo}\`,`,
    "the publishers' side).",
    '',
    '**The keys in this folder are TEST-ONLY and public: never use them anywhere else.**',
    '`test-ent-idp.*.pem` signs as the ENT, `test-publisher-sp.*.pem` as the publisher (each certificate is its',
    "metadata's only signing key); `test-untrusted-signer.*.pem` is a key no metadata names.",
    '',
    "`saml-schema-metadata-2.0.xsd` is the OASIS SAML 2.0 metadata schema as Debian's opensaml-schemas ships it:",
    "test/trust/saml/logout/broker-metadata-slo.test.ts checks the broker's own metadata against it.",
    '',
    'Regenerate with `npx tsx test/trust/saml/logout/make-logout-fixtures.ts` (the keys are reused; the output is the',
    'same bytes). test/trust/saml/logout/logout-fixtures.test.ts reads the same table and fails if the README (or the',
    'folder) differs.',
    '',
    '| file | what it shows | read as | at | expected |',
    '| --- | --- | --- | --- | --- |',
    ...logoutFixtureTable.map(row),
    '',
  ].join('\n');
}

const missing = logoutFixtureTable.filter((f) => texts[f.file] === undefined).map((f) => f.file);
const extra = Object.keys(texts).filter((file) => !logoutFixtureTable.some((f) => f.file === file));
if (missing.length > 0 || extra.length > 0) {
  throw new Error(`table and texts differ: missing ${missing.join(', ')}; extra ${extra.join(', ')}`);
}
for (const fixture of logoutFixtureTable) {
  const text = texts[fixture.file] ?? '';
  writeFileSync(new URL(fixture.file, logoutFixtureFolder), text.endsWith('\n') ? text : `${text}\n`);
}
writeFileSync(new URL('ent-metadata.xml', logoutFixtureFolder), entMetadataXml(ent));
writeFileSync(new URL('publisher-metadata.xml', logoutFixtureFolder), publisherMetadataXml(publisher));
writeFileSync(new URL('README.md', logoutFixtureFolder), readme());
process.stdout.write(`${logoutFixtureTable.length} fixtures written to test/fixtures/saml/logout/\n`);
