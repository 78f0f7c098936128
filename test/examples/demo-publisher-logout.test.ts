/**
 * The demo publisher's logout receivers against a stand-in broker (no broker runs): the broker's
 * IdP metadata and its OpenID discovery document with a JWKS, its LogoutRequest made and its
 * LogoutResponse checked by @node-saml/node-saml, its logout tokens signed by jose. Each protocol's
 * valid message is answered and shows in the « Journal des déconnexions reçues »; forged ones are
 * refused and leave the journal as it was.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SAML, ValidateInResponseTo } from '@node-saml/node-saml';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { pino } from 'pino';
import { demoEntityIds, demoOidcClientId, demoResources } from '../../examples/demo-catalogue.js';
import { loadOrCreateDemoKey, type DemoKeyPair } from '../../examples/demo-keys.js';
import { createDemoPublisher, type DemoPublisher } from '../../examples/demo-publisher/demo-publisher-app.js';
import { TestBrowser } from '../support/test-browser.js';
import {
  brokerIdpMetadata,
  listenLocal,
  redirectParts,
  rootAttribute,
  samlNames,
  staticRoutes,
  type LocalServer,
} from './demo-logout-peers.js';

type SigningKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
const logoutEvent = 'http://schemas.openid.net/event/backchannel-logout';
const dictionnaire = demoResources.find((r) => r.protocol === 'cas') as (typeof demoResources)[number];

describe("examples: the demo publisher's logout receivers (SAML, OIDC, CAS) against a stand-in broker", function () {
  this.timeout(20000);
  let publisherServer: LocalServer;
  let brokerServer: LocalServer;
  let publisher: DemoPublisher;
  let keys: { signing: DemoKeyPair; encryption: DemoKeyPair; broker: DemoKeyPair };
  let opKey: SigningKey;
  let opPublicKey: SigningKey;
  let strangerKey: SigningKey;
  const issuer = () => `${brokerServer.url}/oidc`;
  const brokerIdp = () => `${brokerServer.url}/saml/idp/metadata`;
  const brokerSlo = () => `${brokerServer.url}/saml/idp/slo`;
  /** The broker's IdP side as node-saml makes it: LogoutRequests signed, the publisher's answers verified. */
  const brokerSaml = () =>
    new SAML({
      entryPoint: `${brokerServer.url}/saml/idp/sso`,
      logoutUrl: `${publisherServer.url}/saml/slo`,
      issuer: brokerIdp(),
      idpIssuer: demoEntityIds.publisher,
      callbackUrl: brokerSlo(),
      idpCert: keys.signing.certPem,
      privateKey: keys.broker.keyPem,
      signatureAlgorithm: 'sha256',
      validateInResponseTo: ValidateInResponseTo.always,
    });

  before(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gar-demo-publisher-logout-'));
    keys = {
      signing: loadOrCreateDemoKey(dir, 'publisher-signing', 'Éditeur de test', 'saml-signing'),
      encryption: loadOrCreateDemoKey(dir, 'publisher-encryption', 'Éditeur de test (chiffrement)', 'saml-encryption'),
      broker: loadOrCreateDemoKey(dir, 'broker', 'Courtier de test', 'saml-signing'),
    };
    ({ privateKey: opKey, publicKey: opPublicKey } = await generateKeyPair('RS256'));
    ({ privateKey: strangerKey } = await generateKeyPair('RS256'));
    [publisherServer, brokerServer] = await Promise.all([listenLocal(), listenLocal()]);
    brokerServer.handle(staticRoutes(await brokerRoutes()));
    publisher = createDemoPublisher({
      entityId: demoEntityIds.publisher,
      publisherUrl: publisherServer.url,
      brokerUrl: brokerServer.url,
      mediacentreUrl: 'http://localhost:1/mediacentre',
      keys: { signing: keys.signing, encryption: keys.encryption },
      resources: demoResources,
      logger: pino({ level: 'silent' }),
      oidc: {
        clientId: demoOidcClientId,
        secret: 's'.repeat(43),
        redirectUri: `${publisherServer.url}/oidc/callback`,
        backchannelLogoutUri: `${publisherServer.url}/oidc/backchannel-logout`,
      },
    });
    publisherServer.handle(publisher.app);
  });
  after(async () => {
    await Promise.all([publisherServer.close(), brokerServer.close()]);
  });

  it('declares its SingleLogoutService (HTTP-Redirect) in its SP metadata; the journal starts empty', async () => {
    const slo = `SingleLogoutService Binding="${samlNames.redirect}" Location="${publisherServer.url}/saml/slo"`;
    assert.ok(publisher.metadataXml.includes(slo), publisher.metadataXml);
    assert.match(await journal(), /Aucune déconnexion reçue depuis le démarrage/);
  });

  it("SAML: the broker's signed LogoutRequest is journaled and answered, signed, at the broker's SLO", async () => {
    const saml = brokerSaml();
    const request = await saml.getLogoutUrlAsync(
      {
        issuer: brokerIdp(),
        nameID: '_nameid-de-test',
        nameIDFormat: samlNames.transient,
        sessionIndex: '_session-de-test',
      },
      'relais-courtier',
      {},
    );
    const requestId = rootAttribute(redirectParts(request).xml, 'ID');
    const answer = await new TestBrowser().get(request);
    assert.equal(answer.status, 302, answer.body.slice(0, 300));
    assert.ok(answer.location?.startsWith(`${brokerSlo()}?SAMLResponse=`), answer.location);
    const { container, rawQuery, xml } = redirectParts(answer.location as string);
    assert.ok(container['Signature'] !== undefined && container['SigAlg'] !== undefined, 'signed (Redirect binding)');
    assert.equal(container['RelayState'], 'relais-courtier');
    assert.equal(rootAttribute(xml, 'InResponseTo'), requestId);
    assert.equal(rootAttribute(xml, 'Destination'), brokerSlo());
    assert.match(xml, /urn:oasis:names:tc:SAML:2\.0:status:Success/);
    assert.equal((await saml.validateRedirectAsync(container, rawQuery)).loggedOut, true);
    const shown = await journal();
    assert.match(shown, /SAML 2 \(LogoutRequest signé\)/);
    assert.match(shown, /NameID <code>_nameid-de-test<\/code><br>SessionIndex <code>_session-de-test<\/code>/);
  });

  it("SAML: a LogoutRequest whose signature is not the broker's is refused, and not journaled", async () => {
    const before = await journal();
    const request = new URL(
      await brokerSaml().getLogoutUrlAsync(
        {
          issuer: brokerIdp(),
          nameID: '_falsifie',
          nameIDFormat: samlNames.transient,
          sessionIndex: '_falsifie',
        },
        '',
        {},
      ),
    );
    const signature = request.searchParams.get('Signature') ?? '';
    request.searchParams.set('Signature', `${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`);
    assert.equal((await new TestBrowser().get(request.href)).status, 403);
    request.searchParams.delete('Signature');
    request.searchParams.delete('SigAlg');
    assert.equal((await new TestBrowser().get(request.href)).status, 403, 'unsigned');
    assert.equal(await journal(), before);
  });

  it('OIDC: forged logout tokens get 400 and leave the journal as it was', async () => {
    const before = await journal();
    const now = Math.floor(Date.now() / 1000);
    const forged: readonly [string, string][] = [
      ['another key', await logoutToken({}, { key: strangerKey })],
      ['another audience', await logoutToken({ aud: 'un-autre-client' })],
      ['another issuer', await logoutToken({ iss: 'http://localhost:1/oidc' })],
      ['no logout event', await logoutToken({ events: {} })],
      ['a nonce (an ID token)', await logoutToken({ nonce: 'n-0S6_WzA2Mj' })],
      ['neither sid nor sub', await logoutToken({ sid: undefined, sub: undefined })],
      ['issued an hour ago', await logoutToken({ iat: now - 3600, exp: now + 60 })],
      ['not typed logout+jwt', await logoutToken({}, { typ: 'JWT' })],
      ['no jti', await logoutToken({ jti: undefined })],
      ['not a JWT', 'pas-un-jeton'],
    ];
    for (const [what, token] of forged) {
      const response = await postForm(`${publisherServer.url}/oidc/backchannel-logout`, { logout_token: token });
      assert.equal(response.status, 400, what);
      assert.equal(response.headers.get('cache-control'), 'no-store', what);
      assert.equal(((await response.json()) as { error?: string }).error, 'invalid_request', what);
    }
    assert.equal((await postForm(`${publisherServer.url}/oidc/backchannel-logout`, {})).status, 400, 'no logout_token');
    assert.equal(await journal(), before);
  });

  it('OIDC: a valid logout token gets 200 and is journaled with its sid; the same again is a replay', async () => {
    const token = await logoutToken({ sid: 'sid-de-test' });
    const response = await postForm(`${publisherServer.url}/oidc/backchannel-logout`, { logout_token: token });
    assert.equal(response.status, 200);
    const shown = await journal();
    assert.match(shown, /OpenID Connect \(logout_token\)/);
    assert.match(shown, /sid <code>sid-de-test<\/code>/);
    const replayed = await postForm(`${publisherServer.url}/oidc/backchannel-logout`, { logout_token: token });
    assert.equal(replayed.status, 400);
  });

  it('CAS: the back-channel logoutRequest at the service URL is journaled (its ticket); unreadable: 400', async () => {
    const serviceUrl = `${publisherServer.url}${dictionnaire.path}`;
    const logoutRequest =
      '<samlp:LogoutRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" '
      + 'xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_1" Version="2.0" IssueInstant="2030-01-01T00:00:00Z">'
      + '<saml:NameID>@NOT_USED@</saml:NameID><samlp:SessionIndex>ST-de-test</samlp:SessionIndex>'
      + '</samlp:LogoutRequest>';
    const response = await postForm(serviceUrl, { logoutRequest });
    assert.equal(response.status, 200);
    assert.match(await journal(), /CAS 3 \(logoutRequest\)<\/td><td>ticket <code>ST-de-test<\/code>/);
    assert.equal((await postForm(serviceUrl, { logoutRequest: '<pas-du-saml/>' })).status, 400);
    assert.equal((await postForm(serviceUrl, {})).status, 400);
  });

  // ---- the stand-in broker and its messages

  async function brokerRoutes(): Promise<Map<string, readonly [string, string]>> {
    const publicJwk = { ...(await exportJWK(opPublicKey)), kid: 'cle-op', alg: 'RS256', use: 'sig' };
    const discovery = {
      issuer: issuer(),
      authorization_endpoint: `${issuer()}/auth`,
      token_endpoint: `${issuer()}/token`,
      jwks_uri: `${issuer()}/jwks`,
      response_types_supported: ['code'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
    };
    return new Map<string, readonly [string, string]>([
      [
        '/saml/idp/metadata',
        [
          'application/samlmetadata+xml',
          brokerIdpMetadata({
            entityId: brokerIdp(),
            ssoUrl: `${brokerServer.url}/saml/idp/sso`,
            sloUrl: brokerSlo(),
            certPem: keys.broker.certPem,
          }),
        ],
      ],
      ['/oidc/.well-known/openid-configuration', ['application/json', JSON.stringify(discovery)]],
      ['/oidc/jwks', ['application/json', JSON.stringify({ keys: [publicJwk] })]],
    ]);
  }

  /** A logout token as Back-Channel Logout 1.0 §2.4 describes it; `claims` changes or (undefined) removes a claim. */
  async function logoutToken(
    claims: Record<string, unknown>,
    options: { key?: SigningKey; typ?: string } = {},
  ): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const payload: Record<string, unknown> = {
      iss: issuer(),
      aud: demoOidcClientId,
      iat: now,
      exp: now + 120,
      jti: randomUUID(),
      events: { [logoutEvent]: {} },
      sid: 'sid-quelconque',
      sub: 'a'.repeat(128),
      ...claims,
    };
    for (const [name, value] of Object.entries(payload)) if (value === undefined) delete payload[name];
    return new SignJWT(payload as JWTPayload)
      .setProtectedHeader({ alg: 'RS256', kid: 'cle-op', typ: options.typ ?? 'logout+jwt' })
      .sign(options.key ?? opKey);
  }

  async function postForm(url: string, fields: Record<string, string>): Promise<Response> {
    return fetch(url, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  }

  async function journal(): Promise<string> {
    const home = await new TestBrowser().get(`${publisherServer.url}/`);
    const section = /<section id="journal-deconnexions">([\s\S]*?)<\/section>/.exec(home.body)?.[1];
    assert.ok(section !== undefined, 'the home page shows the journal');
    return section;
  }
});
