/**
 * An OIDC publisher for the flow tests, built on openid-client (another library than the broker's
 * oidc-provider, so a shared bug cannot make both sides agree), registered at the broker like an
 * operator would (`registerOidcClient`), and a browser walk through broker, ENT and back.
 */
import assert from 'node:assert/strict';
import { webcrypto } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { createRemoteJWKSet, jwtVerify, type JWTHeaderParameters, type JWTPayload } from 'jose';
import * as client from 'openid-client';
import {
  createOidcClientValidator,
  registerOidcClient,
  type OidcClientRegistration,
} from '../../src/federation/index.js';
import { createContractStore, createOidcClientStore, createResourceStore, type Store } from '../../src/store/index.js';
import { loadOrCreateKeyring, signingJwks } from '../../src/trust/index.js';
import type { FlowBroker } from './flow-broker.js';
import { addSubscription } from './licensing-fixtures.js';
import type { Hop, TestBrowser } from './test-browser.js';

export interface OidcPublisher {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly config: client.Configuration;
}

export interface StartedAuthorization {
  readonly url: string;
  readonly verifier: string;
  readonly state: string;
  readonly nonce: string;
}

/**
 * Registers a client (a secret, or a fresh RSA key for private_key_jwt) and discovers the broker
 * with openid-client.
 */
export async function oidcPublisher(
  flow: FlowBroker,
  options: {
    readonly clientId: string;
    readonly distributorId: string;
    readonly auth: 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt';
    /** Registered as `backchannel_logout_uri` (sid required). */
    readonly backchannelLogoutUri?: string;
  },
): Promise<OidcPublisher> {
  const redirectUri = `https://${options.clientId}.test/oidc/callback`;
  const secret = `secret-${options.clientId}-${'x'.repeat(32)}`;
  const pair = await webcrypto.subtle.generateKey(
    { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
    true,
    ['sign', 'verify'],
  );
  const kid = `${options.clientId}-key`;
  const auth: OidcClientRegistration['auth'] =
    options.auth === 'private_key_jwt'
      ? {
          method: 'private_key_jwt',
          jwks: {
            keys: [{ ...(await webcrypto.subtle.exportKey('jwk', pair.publicKey)), kid, alg: 'RS256', use: 'sig' }],
          },
        }
      : { method: options.auth, secret };
  await registerClient(flow.broker.store, flow.config.saml.keysDir, {
    clientId: options.clientId,
    distributorId: options.distributorId,
    redirectUris: [redirectUri],
    auth,
    ...(options.backchannelLogoutUri === undefined ? {} : { backchannelLogout: { uri: options.backchannelLogoutUri } }),
  });
  const clientAuth =
    options.auth === 'private_key_jwt'
      ? client.PrivateKeyJwt({ key: pair.privateKey, kid })
      : options.auth === 'client_secret_post'
        ? client.ClientSecretPost(secret)
        : client.ClientSecretBasic(secret);
  const config = await client.discovery(new URL(`${flow.broker.url}/oidc`), options.clientId, undefined, clientAuth, {
    execute: [client.allowInsecureRequests],
  });
  return { clientId: options.clientId, redirectUri, config };
}

export async function registerClient(
  store: Store,
  keysDir: string,
  registration: OidcClientRegistration,
): Promise<void> {
  const validate = createOidcClientValidator(signingJwks(loadOrCreateKeyring(keysDir, new Date()), new Date()));
  await registerOidcClient(registration, {
    store: createOidcClientStore(store),
    validate,
    actor: 'test',
    now: new Date(),
  });
}

/** The publisher's authorization request: PKCE S256, state and nonce, `scope=openid scope.gar` unless told. */
export async function authorizationUrl(
  publisher: OidcPublisher,
  params: Record<string, string> = {},
  pkce = true,
): Promise<StartedAuthorization> {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(publisher.config, {
    redirect_uri: publisher.redirectUri,
    scope: 'openid scope.gar',
    state,
    nonce,
    ...(pkce
      ? { code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' }
      : {}),
    ...params,
  });
  return { url: url.href, verifier, state, nonce };
}

/** The publisher's callback: code for tokens (ID token checked by openid-client), then userinfo. */
export async function redeem(publisher: OidcPublisher, callback: string, started: StartedAuthorization) {
  const tokens = await client.authorizationCodeGrant(publisher.config, new URL(callback), {
    pkceCodeVerifier: started.verifier,
    expectedState: started.state,
    expectedNonce: started.nonce,
    idTokenExpected: true,
  });
  const idToken = tokens.claims();
  assert.ok(idToken);
  const userinfo = await client.fetchUserInfo(publisher.config, tokens.access_token, idToken.sub);
  return { tokens, idToken, userinfo };
}

/**
 * Plays the browser: follows the broker's redirects; at the ENT, the samlify ENT answers for
 * `user` and the browser posts its Response to the broker's ACS. `node` may send a hop to another
 * node of the same broker (a cluster behind one public URL). Stops at the first hop that
 * leaves broker and ENT (the publisher's redirect URI) or that is not a redirect (a page).
 */
export async function browse(
  flow: FlowBroker,
  browser: TestBrowser,
  url: string,
  user: string,
  trail: string[] = [],
  node: (brokerUrl: string) => string = (u) => u,
): Promise<Hop> {
  let hop = await browser.get(url);
  for (let step = 0; step < 12; step += 1) {
    const location = hop.location === undefined ? undefined : new URL(hop.location, flow.broker.url).href;
    if (hop.status < 300 || hop.status >= 400 || location === undefined) return hop;
    trail.push(location);
    if (location.startsWith('https://ent.test/')) {
      const samlResponse = await flow.ent.answer(location, flow.spMetadata, user);
      hop = await browser.post(node(`${flow.broker.url}/saml/sp/acs`), { SAMLResponse: samlResponse });
      continue;
    }
    if (!location.startsWith(flow.broker.url)) return { ...hop, location };
    // `node` plays a load balancer: which broker node serves this hop.
    hop = await browser.get(node(location));
  }
  throw new Error(`too many redirects: ${trail.join(' → ')}`);
}

/**
 * Resources whose `fournisseurService` is an OIDC client id (served by that client), each with an
 * approved contract and an ETABL subscription of the collège valid today, like flow-broker's own.
 */
export async function addOidcResources(
  flow: FlowBroker,
  served: readonly { readonly idRessource: string; readonly clientId: string; readonly distributorId: string }[],
): Promise<void> {
  const audit = { actor: 'test', at: new Date(), correlationId: 'c-oidc-resources' };
  await createResourceStore(flow.broker.store).saveResources(
    served.map(({ idRessource, clientId, distributorId }) => ({
      idRessource,
      typeIdRessource: 'ark',
      nomRessource: `Ressource ${idRessource}`,
      editeur: { id: 'editeur-1', nom: 'Éditeur' },
      distributeurCom: { id: distributorId, nom: 'Distributeur' },
      distributeurTech: { id: distributorId, nom: 'Distributeur' },
      fournisseurService: clientId,
      urlAccesRessource: `https://${clientId}.test/ressource`,
      typePresentation: { code: 'MAN', nom: 'manuel numérique' },
      niveauEducatif: [],
      domaineEnseignement: [],
    })),
    audit,
  );
  const contracts = createContractStore(flow.broker.store);
  for (const [n, { idRessource, distributorId }] of served.entries()) {
    await contracts.submitContract(
      { idRessource, version: 1, finalite: 'Tests OIDC.', attributs: ['NOM', 'PRE', 'DIV'] },
      audit,
    );
    await contracts.approveContract(idRessource, 1, audit);
    await addSubscription(flow.broker.store.db, {
      id: `ABO-OIDC-${n}`,
      distributor: distributorId,
      resource: idRessource,
      type: 'ETABL',
      global: 'ILLIMITE',
    });
  }
  await flow.broker.store.db
    .updateTable('subscription')
    .set({ valid_from: '2020-01-01T00:00:00', valid_until: '2099-08-15T00:00:00' })
    .where('id', 'like', 'ABO-OIDC-%')
    .execute();
}

/** A logout token the receiver got: its verified header and claims, or why it refused it. */
export type ReceivedLogoutToken =
  | { readonly valid: true; readonly header: JWTHeaderParameters; readonly claims: JWTPayload }
  | { readonly valid: false; readonly error: string };

export interface BackchannelLogoutReceiver {
  /** `http://127.0.0.1:<port>/backchannel-logout`, to register as `backchannel_logout_uri`. */
  readonly url: string;
  readonly received: readonly ReceivedLogoutToken[];
  waitFor(count: number): Promise<void>;
  /** Answer this status from now on, whatever the token (a failing publisher). */
  answerWith(status: number | undefined): void;
  close(): Promise<void>;
}

const backchannelLogoutEvent = 'http://schemas.openid.net/event/backchannel-logout';

/** What the publisher expects of its logout tokens: the broker's issuer (JWKS at `<issuer>/jwks`) and its client id. */
export interface LogoutTokenExpectations {
  readonly issuer: string;
  readonly clientId: string;
}

/**
 * The publisher's back-channel logout endpoint (OpenID Connect Back-Channel Logout 1.0 §2.6),
 * verified with jose, not with the broker's oidc-provider: signature against the broker's JWKS,
 * `typ` logout+jwt, `iss`, `aud` = the client id, `iat`, `exp`, `jti`, the logout event, `sub` or
 * `sid`, and no `nonce`. Answers 200 to a valid token, 400 otherwise (§2.8).
 */
export async function backchannelLogoutReceiver(expected: LogoutTokenExpectations): Promise<BackchannelLogoutReceiver> {
  const jwks = createRemoteJWKSet(new URL(`${expected.issuer}/jwks`));
  const received: ReceivedLogoutToken[] = [];
  const waiters: { count: number; done: () => void }[] = [];
  let forced: number | undefined;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      body += c;
    });
    req.on('end', () => {
      const form = (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
      const token = req.method === 'POST' && form ? (new URLSearchParams(body).get('logout_token') ?? '') : '';
      void verifyLogoutToken(token, jwks, expected).then((verified) => {
        received.push(verified);
        res.writeHead(forced ?? (verified.valid ? 200 : 400), { 'cache-control': 'no-store' }).end();
        for (const w of waiters.filter((x) => received.length >= x.count)) w.done();
      });
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/backchannel-logout`,
    received,
    waitFor: (count) =>
      new Promise((done) => {
        if (received.length >= count) done();
        else waiters.push({ count, done });
      }),
    answerWith: (status) => {
      forced = status;
    },
    close: () =>
      new Promise((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

async function verifyLogoutToken(
  token: string,
  jwks: ReturnType<typeof createRemoteJWKSet>,
  expected: LogoutTokenExpectations,
): Promise<ReceivedLogoutToken> {
  try {
    const { payload, protectedHeader } = await jwtVerify(token, jwks, {
      issuer: expected.issuer,
      audience: expected.clientId,
      typ: 'logout+jwt',
      algorithms: ['RS256'],
      requiredClaims: ['iat', 'exp', 'jti', 'events'],
    });
    const refused = (error: string): ReceivedLogoutToken => ({ valid: false, error });
    const events = payload['events'] as Record<string, unknown> | undefined;
    if (typeof events?.[backchannelLogoutEvent] !== 'object') return refused('no back-channel logout event');
    if (payload['nonce'] !== undefined) return refused('a nonce');
    if (payload.sub === undefined && payload['sid'] === undefined) return refused('neither sub nor sid');
    return { valid: true, header: protectedHeader, claims: payload };
  } catch (error) {
    return { valid: false, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}
