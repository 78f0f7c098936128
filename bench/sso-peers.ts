/**
 * The other process of bench:sso: the fake ENT (samlify IdP), the fake publisher and the
 * browsers. Told what to do over IPC by bench/sso.bench.ts. The publisher speaks the protocol
 * measured: SAML (node-saml, its requests only: it does not validate the answers, which would
 * measure node-saml), OIDC (openid-client: authorization with PKCE and idRessource, then the code
 * redeemed at the broker's token endpoint with client_secret_basic, the ID token checked), or
 * CAS (the service ticket validated at /cas/p3/serviceValidate).
 */
import { mediacentreLink } from '../test/support/flow-broker.js';
import { testEnt, type PeerKey } from '../test/support/saml-flow-peers.js';
import { postedForm, TestBrowser } from '../test/support/test-browser.js';
import { SAML } from '@node-saml/node-saml';
import * as client from 'openid-client';
import { definedFields } from '../src/core/defined-fields.js';

/** `mediacentre`: the click and the ENT login alone; `recheck`: that, then a second click checked passively. */
export type Protocol = 'saml' | 'oidc' | 'cas' | 'mediacentre' | 'recheck';

export interface Setup {
  readonly protocol: Protocol;
  readonly brokerUrl: string;
  readonly spMetadata: string;
  readonly entKey: PeerKey;
  readonly spKey: PeerKey;
  readonly publisher: { readonly entityId: string; readonly acsUrl: string };
  readonly resource: string;
  readonly user: string;
  readonly oidc: { readonly clientId: string; readonly secret: string; readonly redirectUri: string };
  readonly casService: string;
}

let setup: Setup | undefined;
let ent: ReturnType<typeof testEnt> | undefined;
let publisher: SAML | undefined;
let oidcConfig: client.Configuration | undefined;

/** Médiacentre click → ENT → ACS: a browser with a broker session, at the resource's URL. */
async function throughEnt(s: Setup): Promise<TestBrowser> {
  const browser = new TestBrowser();
  const toEnt = await browser.get(mediacentreLink(s.brokerUrl, s.resource));
  if (toEnt.status !== 302 || toEnt.location === undefined) throw new Error(`domaineGar ${toEnt.status}`);
  const samlResponse = await (ent as NonNullable<typeof ent>).answer(toEnt.location, s.spMetadata, s.user);
  const toResource = await browser.post(`${s.brokerUrl}/saml/sp/acs`, { SAMLResponse: samlResponse });
  if (toResource.status !== 302) throw new Error(`acs ${toResource.status}: ${toResource.body.slice(0, 200)}`);
  return browser;
}

async function samlAnswer(_s: Setup, browser: TestBrowser): Promise<void> {
  const answer = await browser.get(await (publisher as SAML).getAuthorizeUrlAsync('rs', undefined, {}));
  if (answer.status !== 200 || postedForm(answer.body) === undefined)
    throw new Error(`sso ${answer.status}: ${answer.body.slice(0, 200)}`);
}

async function oidcAnswer(s: Setup, browser: TestBrowser): Promise<void> {
  const config = oidcConfig as client.Configuration;
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  let url = client.buildAuthorizationUrl(config, {
    redirect_uri: s.oidc.redirectUri,
    scope: 'openid scope.gar',
    state,
    nonce,
    idRessource: s.resource,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
  }).href;
  for (let hop = 0; hop < 6 && !url.startsWith(s.oidc.redirectUri); hop += 1) {
    const answer = await browser.get(url);
    if (answer.location === undefined) throw new Error(`oidc ${answer.status}: ${answer.body.slice(0, 200)}`);
    url = new URL(answer.location, url).href;
  }
  const tokens = await client.authorizationCodeGrant(config, new URL(url), {
    pkceCodeVerifier: verifier,
    expectedState: state,
    expectedNonce: nonce,
    idTokenExpected: true,
  });
  if (tokens.claims()?.sub === undefined) throw new Error('no ID token');
}

async function casAnswer(s: Setup, browser: TestBrowser): Promise<void> {
  const toService = await browser.get(`${s.brokerUrl}/cas/login?service=${encodeURIComponent(s.casService)}`);
  const ticket = toService.location === undefined ? null : new URL(toService.location).searchParams.get('ticket');
  if (ticket === null) throw new Error(`cas login ${toService.status}: ${toService.body.slice(0, 200)}`);
  const response = await fetch(
    `${s.brokerUrl}/cas/p3/serviceValidate?service=${encodeURIComponent(s.casService)}&ticket=${ticket}`,
  );
  const body = await response.text();
  if (!body.includes('<cas:authenticationSuccess>')) throw new Error(`serviceValidate: ${body.slice(0, 200)}`);
}

/** A second médiacentre click: the broker asks the ENT without a screen (IsPassive), the same pupil is confirmed. */
async function recheckAnswer(s: Setup, browser: TestBrowser): Promise<void> {
  const toEnt = await browser.get(mediacentreLink(s.brokerUrl, s.resource));
  if (toEnt.status !== 302 || toEnt.location === undefined) throw new Error(`recheck domaineGar ${toEnt.status}`);
  const samlResponse = await (ent as NonNullable<typeof ent>).answer(toEnt.location, s.spMetadata, s.user);
  const back = await browser.post(`${s.brokerUrl}/saml/sp/acs`, { SAMLResponse: samlResponse });
  if (back.status !== 302) throw new Error(`recheck acs ${back.status}: ${back.body.slice(0, 200)}`);
}

const answers: Record<Protocol, (s: Setup, browser: TestBrowser) => Promise<void>> = {
  saml: samlAnswer,
  oidc: oidcAnswer,
  cas: casAnswer,
  mediacentre: async () => undefined,
  recheck: recheckAnswer,
};

async function login(s: Setup): Promise<void> {
  await answers[s.protocol](s, await throughEnt(s));
}

async function run(
  logins: number,
  browsers: number,
): Promise<{ ms: number[]; wallMs: number; failures: number; firstFailure?: string }> {
  const s = setup as Setup;
  const ms: number[] = [];
  let next = 0;
  let failures = 0;
  let firstFailure: string | undefined;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: browsers }, async () => {
      while (next < logins) {
        next += 1;
        const t = performance.now();
        try {
          await login(s);
          ms.push(performance.now() - t);
        } catch (error) {
          failures += 1;
          firstFailure ??= String(error);
        }
      }
    }),
  );
  return { ms, wallMs: performance.now() - started, failures, ...definedFields({ firstFailure }) };
}

process.on('message', (message: { setup?: Setup; run?: { logins: number; browsers: number } }) => {
  if (message.setup !== undefined) {
    const s = message.setup;
    setup = s;
    ent = testEnt(s.entKey);
    publisher = new SAML({
      callbackUrl: s.publisher.acsUrl,
      entryPoint: `${s.brokerUrl}/saml/idp/sso`,
      issuer: s.publisher.entityId,
      idpCert: s.entKey.certPem,
      privateKey: s.spKey.keyPem,
      signatureAlgorithm: 'sha256',
      disableRequestedAuthnContext: true,
    });
    const discovered =
      s.protocol !== 'oidc'
        ? Promise.resolve(undefined)
        : client.discovery(
            new URL(`${s.brokerUrl}/oidc`),
            s.oidc.clientId,
            undefined,
            client.ClientSecretBasic(s.oidc.secret),
            { execute: [client.allowInsecureRequests] },
          );
    void discovered.then((config) => {
      oidcConfig = config;
      process.send?.({ ok: true });
    });
    return;
  }
  if (message.run !== undefined)
    void run(message.run.logins, message.run.browsers).then((report) => process.send?.(report));
});
