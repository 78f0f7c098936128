/**
 * An ENT whose identity provider is an OpenID Provider, played by oidc-provider (another library
 * than the broker's openid-client) on a local http port. One confidential client for the broker;
 * no login page: the interaction logs in `peer.user` at once and the grant gives the client every
 * scope it asked for, so a test browser only follows redirects. Claims go into the ID token as
 * well as userinfo (conformIdTokenClaims off), and `userinfoOnly` claims only into userinfo, so a
 * test can tell which one the broker read.
 *
 * Sessions and logout: its ID tokens carry `sid` (Back-Channel Logout is on, with
 * backchannel_logout_session_required), one per peer session and the same for every login in it;
 * prompt=none is answered from the session, or `error=login_required` without one (oidc-provider's
 * own behaviour). `logout(browser, url)` ends the browser's peer session and posts oidc-provider's
 * own logout token for it to `url`; `sign` makes any other token with the peer's key (hostile
 * fixtures: test/support/hostile-logout-tokens.ts).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTHeaderParameters, type JWTPayload } from 'jose';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';
import type { OidcEntRegistration } from '../../src/idp-bridge/index.js';
import type { TestBrowser } from './test-browser.js';

export interface OidcEntPeerUser {
  readonly accountId: string;
  /** Claims in the ID token and userinfo (granted with scope `ent`). */
  readonly claims?: Readonly<Record<string, unknown>>;
  /** Claims in userinfo only. */
  readonly userinfoOnly?: Readonly<Record<string, unknown>>;
}

export interface OidcEntPeer {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** The user the next interaction logs in. */
  user: OidcEntPeerUser;
  /** How many times the peer asked for a login (prompt=login shows here). */
  readonly logins: number;
  registration(entId: string, overrides?: Partial<OidcEntRegistration>): OidcEntRegistration;
  /** The peer session this browser holds (its `ent_session` cookie): who, and the `sid` of its ID tokens. */
  sessionOf(browser: TestBrowser): Promise<OidcEntPeerSession | undefined>;
  /** Ends the browser's peer session (a logout at the ENT) and tells no one; throws when it has none. */
  endSession(browser: TestBrowser): Promise<OidcEntPeerSession>;
  /** Ends the browser's peer session and posts a logout token naming it (`sub` and `sid`) to `backchannelUrl`. */
  logout(browser: TestBrowser, backchannelUrl: string): Promise<BackChannelDelivery>;
  /**
   * oidc-provider's own logout token for the broker's client (Back-Channel Logout 1.0 §2.4: typ
   * logout+jwt, iss, aud, iat, exp, jti, events, sub, and sid when given), not sent.
   */
  logoutToken(about: { readonly sub: string; readonly sid?: string }): Promise<string>;
  /** Signs these claims under this header with the peer's published key (kid `peer-rs256`, RS256 by default). */
  sign(claims: JWTPayload, header?: Partial<JWTHeaderParameters>): Promise<string>;
  close(): Promise<void>;
}

export interface OidcEntPeerSession {
  readonly accountId: string;
  readonly sid: string;
}

/** What a back-channel logout delivery got back (Back-Channel Logout 1.0 §2.8: 200, or 400 and an error). */
export interface BackChannelDelivery {
  readonly logoutToken: string;
  readonly status: number;
  readonly body: string;
}

export const entClaimNames = ['gar_person_id', 'ent_uid'] as const;

export async function startOidcEntPeer(options: {
  readonly redirectUri: string;
  readonly clientSecret?: string;
}): Promise<OidcEntPeer> {
  const clientId = 'gar-broker';
  const clientSecret = options.clientSecret ?? 'peer-client-secret-0123456789abcdef';
  let provider: Provider | undefined;
  let logins = 0;
  const server = createServer((req, res) => {
    if (provider === undefined) return res.writeHead(503).end();
    if (req.url?.startsWith('/interaction/') === true) {
      return void logInAtOnce(provider, req, res).catch((e: unknown) => res.writeHead(500).end(String(e)));
    }
    return provider.callback()(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const key = await generateKeyPair('RS256', { extractable: true });
  const setup = { issuer, clientId, clientSecret, redirectUri: options.redirectUri, privateKey: key.privateKey };
  const op = await makeProvider(setup, () => peer.user);
  provider = op;
  const sessionOf = async (browser: TestBrowser) => {
    const cookie = browser.cookies.get('ent_session');
    const session = cookie === undefined ? undefined : await op.Session.find(cookie);
    const sid = session?.sidFor(clientId);
    if (session?.accountId === undefined || sid === undefined) return undefined;
    return { session, accountId: session.accountId, sid };
  };
  const endSession = async (browser: TestBrowser): Promise<OidcEntPeerSession> => {
    const found = await sessionOf(browser);
    if (found === undefined) throw new Error('this browser has no session at the peer');
    await found.session.destroy();
    for (const name of ['ent_session', 'ent_session.sig']) browser.cookies.delete(name);
    return { accountId: found.accountId, sid: found.sid };
  };
  const logoutToken = async (about: { readonly sub: string; readonly sid?: string }): Promise<string> => {
    const client = await op.Client.find(clientId);
    const token = new op.IdToken({ sub: about.sub }, { client });
    // As oidc-provider's own back-channel logout does: `sub` is kept though no scope asked for it.
    Object.assign(token, { mask: { sub: null } });
    token.set('events', { [backChannelLogoutEvent]: {} });
    token.set('jti', randomUUID());
    if (about.sid !== undefined) token.set('sid', about.sid);
    return token.issue({ use: 'logout' });
  };
  const peer: OidcEntPeer & { user: OidcEntPeerUser } = {
    issuer,
    clientId,
    clientSecret,
    user: { accountId: 'user-1' },
    get logins() {
      return logins;
    },
    registration: (entId, overrides = {}) => ({
      entId,
      issuer,
      clientId,
      clientSecret,
      tokenAuthMethod: 'client_secret_basic',
      scope: 'openid ent',
      userIdClaim: 'sub',
      useUserinfo: false,
      ...overrides,
    }),
    sessionOf: async (browser) => {
      const found = await sessionOf(browser);
      return found === undefined ? undefined : { accountId: found.accountId, sid: found.sid };
    },
    endSession,
    logout: async (browser, backchannelUrl) => {
      const ended = await endSession(browser);
      const token = await logoutToken({ sub: ended.accountId, sid: ended.sid });
      return { logoutToken: token, ...(await postLogoutToken(backchannelUrl, token)) };
    },
    logoutToken,
    sign: (claims, header = {}) =>
      new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: peerKid, ...header }).sign(key.privateKey),
    close: () => closeServer(server),
  };
  const logInAtOnce = async (oidc: Provider, req: IncomingMessage, res: ServerResponse): Promise<void> => {
    await oidc.interactionDetails(req, res);
    logins += 1;
    const login = { accountId: peer.user.accountId };
    await oidc.interactionFinished(req, res, { login }, { mergeWithLastSubmission: false });
  };
  return peer;
}

const peerKid = 'peer-rs256';
const backChannelLogoutEvent = 'http://schemas.openid.net/event/backchannel-logout';

interface PeerSetup {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly redirectUri: string;
  readonly privateKey: CryptoKey;
}

async function makeProvider(setup: PeerSetup, user: () => OidcEntPeerUser): Promise<Provider> {
  const { issuer, clientId, clientSecret, redirectUri } = setup;
  const signingKey = { ...(await exportJWK(setup.privateKey)), kid: peerKid, alg: 'RS256', use: 'sig' };
  return new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
        // What makes oidc-provider put `sid` in the ID tokens. The peer posts its logout tokens
        // itself, to the URL a test gives, so this URI is never called.
        backchannel_logout_uri: new URL('/ent/oidc/backchannel-logout', redirectUri).href,
        backchannel_logout_session_required: true,
      },
    ],
    jwks: { keys: [signingKey] },
    // Its own cookie names: the test browser's jar is by name only, and the broker's own
    // oidc-provider (toward publishers) on the same host uses the default ones.
    cookies: {
      keys: ['oidc-ent-peer-cookie-key'],
      names: { session: 'ent_session', interaction: 'ent_interaction', resume: 'ent_interaction_resume' },
    },
    features: { devInteractions: { enabled: false }, backchannelLogout: { enabled: true } }, // sid in ID tokens
    interactions: {
      url: (_ctx: KoaContextWithOIDC, interaction: { uid: string }) => `/interaction/${interaction.uid}`,
    },
    claims: { openid: ['sub'], ent: [...entClaimNames] },
    conformIdTokenClaims: false,
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    findAccount: (_ctx: KoaContextWithOIDC, accountId: string) => ({
      accountId,
      claims: (use: string) => {
        const current = user();
        return { sub: accountId, ...current.claims, ...(use === 'userinfo' ? current.userinfoOnly : {}) };
      },
    }),
    // Consent given at once: a grant of every scope the broker asked for.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const accountId = ctx.oidc.session?.accountId;
      if (accountId === undefined || ctx.oidc.client === undefined) return undefined;
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId });
      grant.addOIDCScope([...ctx.oidc.requestParamScopes].join(' '));
      await grant.save();
      return grant;
    },
  });
}

/** Back-Channel Logout 1.0 §2.5: a form POST of `logout_token`. */
async function postLogoutToken(url: string, logoutToken: string): Promise<{ status: number; body: string }> {
  const response = await fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ logout_token: logoutToken }).toString(),
  });
  return { status: response.status, body: await response.text() };
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
