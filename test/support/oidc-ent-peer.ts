/**
 * An ENT whose identity provider is an OpenID Provider, played by oidc-provider (another library
 * than the broker's openid-client) on a local http port. One confidential client for the broker;
 * no login page: the interaction logs in `peer.user` at once and the grant gives the client every
 * scope it asked for, so a test browser only follows redirects. Claims go into the ID token as
 * well as userinfo (conformIdTokenClaims off), and `userinfoOnly` claims only into userinfo, so a
 * test can tell which one the broker read.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';
import type { OidcEntRegistration } from '../../src/idp-bridge/index.js';

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
  close(): Promise<void>;
}

export const entClaimNames = ['gar_person_id', 'ent_uid'] as const;

export async function startOidcEntPeer(options: { readonly redirectUri: string; readonly clientSecret?: string }): Promise<OidcEntPeer> {
  const clientId = 'gar-broker';
  const clientSecret = options.clientSecret ?? 'peer-client-secret-0123456789abcdef';
  let provider: Provider | undefined;
  let logins = 0;
  const server = createServer((req, res) => {
    if (provider === undefined) return res.writeHead(503).end();
    if (req.url?.startsWith('/interaction/') === true) return void logInAtOnce(provider, req, res).catch((e: unknown) => res.writeHead(500).end(String(e)));
    return provider.callback()(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const peer: OidcEntPeer & { user: OidcEntPeerUser } = {
    issuer, clientId, clientSecret, user: { accountId: 'user-1' },
    get logins() { return logins; },
    registration: (entId, overrides = {}) => ({
      entId, issuer, clientId, clientSecret, tokenAuthMethod: 'client_secret_basic', scope: 'openid ent', userIdClaim: 'sub', useUserinfo: false, ...overrides,
    }),
    close: () => closeServer(server),
  };
  provider = await makeProvider(issuer, clientId, clientSecret, options.redirectUri, () => peer.user);
  const logInAtOnce = async (op: Provider, req: IncomingMessage, res: ServerResponse): Promise<void> => {
    await op.interactionDetails(req, res);
    logins += 1;
    await op.interactionFinished(req, res, { login: { accountId: peer.user.accountId } }, { mergeWithLastSubmission: false });
  };
  return peer;
}

async function makeProvider(issuer: string, clientId: string, clientSecret: string, redirectUri: string, user: () => OidcEntPeerUser): Promise<Provider> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const signingKey = { ...(await exportJWK(privateKey)), kid: 'peer-rs256', alg: 'RS256', use: 'sig' };
  return new Provider(issuer, {
    clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: [redirectUri], grant_types: ['authorization_code'], response_types: ['code'], token_endpoint_auth_method: 'client_secret_basic' }],
    jwks: { keys: [signingKey] },
    // Its own cookie names: the test browser's jar is by name only, and the broker's own
    // oidc-provider (toward publishers) on the same host uses the default ones.
    cookies: { keys: ['oidc-ent-peer-cookie-key'], names: { session: 'ent_session', interaction: 'ent_interaction', resume: 'ent_interaction_resume' } },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx: KoaContextWithOIDC, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
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

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
