/**
 * A misbehaving OpenID Provider for the upstream attack tests: a bare node:http server with
 * discovery, a JWKS, an authorization endpoint that answers at once, a token endpoint and userinfo.
 * Its ID tokens are made per test with jose (`peer.idToken`): correct by default, or with the
 * wrong issuer or audience, expired, unsigned, HMAC, signed by a key outside its JWKS, another
 * nonce… The token endpoint checks PKCE and refuses a reused code unless `acceptReusedCode`.
 * Its discovery advertises every algorithm (even `none` and HS256), so that only the broker's own
 * allow-list can refuse them.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import type { OidcEntRegistration } from '../../src/idp-bridge/index.js';

export interface ForgeContext {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly nonce: string;
  /** The claims a correct ID token would have (iss, sub, aud, exp, iat, auth_time, nonce). */
  readonly claims: JWTPayload;
  /** The access token the same token response carries (for an ID token's `at_hash`). */
  readonly accessToken: string;
  /** Signs with the provider's published key (kid `forged-rs256`). */
  sign(claims: JWTPayload, header?: { readonly alg?: string; readonly kid?: string }): Promise<string>;
  /** Signs with an RSA key that is not in the JWKS, under the given kid. */
  signWithForeignKey(claims: JWTPayload, kid: string): Promise<string>;
}

export interface ForgedOidcProvider {
  readonly issuer: string;
  /** Makes the ID token of the next token response; default: a correct one. */
  idToken: (context: ForgeContext) => Promise<string>;
  /** What the next authorization answers, in place of a code (e.g. an `error`), or extra/missing parameters. */
  callbackParameters: (standard: URLSearchParams) => URLSearchParams;
  acceptReusedCode: boolean;
  advertiseIss: boolean;
  /** Its JWKS endpoint answers 503. */
  jwksDown: boolean;
  /** How many times its discovery document was fetched. */
  readonly discoveryFetches: number;
  userinfo: Record<string, unknown>;
  registration(entId: string, overrides?: Partial<OidcEntRegistration>): OidcEntRegistration;
  /** Back to a correct provider (between tests). */
  reset(): void;
  close(): Promise<void>;
}

interface Pending {
  readonly nonce: string;
  readonly challenge: string;
  readonly redirectUri: string;
  used: boolean;
}

const clientId = 'gar-broker';
const clientSecret = 'forged-client-secret-0123456789abcdef';

export async function startForgedOidcProvider(): Promise<ForgedOidcProvider> {
  const key = await generateKeyPair('RS256', { extractable: true });
  const foreign = await generateKeyPair('RS256');
  const publicJwk: JWK = { ...(await exportJWK(key.publicKey)), kid: 'forged-rs256', alg: 'RS256', use: 'sig' };
  const codes = new Map<string, Pending>();
  let peer: ForgedOidcProvider;
  let discoveryFetches = 0;
  const server = createServer((req, res) => {
    if (req.url === '/.well-known/openid-configuration') discoveryFetches += 1;
    void route(peer, codes, key.privateKey, foreign.privateKey, publicJwk, req, res).catch((error: unknown) =>
      res.writeHead(500).end(String(error)),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const correct = {
    idToken: (context: ForgeContext) => context.sign(context.claims),
    callbackParameters: (p: URLSearchParams) => p,
    acceptReusedCode: false,
    advertiseIss: true,
    jwksDown: false,
    userinfo: {},
  };
  peer = {
    issuer,
    ...correct,
    reset: () => {
      Object.assign(peer, correct);
    },
    get discoveryFetches() {
      return discoveryFetches;
    },
    registration: (entId, overrides = {}) => ({
      entId,
      issuer,
      clientId,
      clientSecret,
      tokenAuthMethod: 'client_secret_basic',
      scope: 'openid',
      userIdClaim: 'sub',
      useUserinfo: false,
      ...overrides,
    }),
    close: () => closeServer(server),
  };
  return peer;
}

async function route(
  peer: ForgedOidcProvider,
  codes: Map<string, Pending>,
  privateKey: CryptoKey,
  foreignKey: CryptoKey,
  publicJwk: JWK,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', peer.issuer);
  if (url.pathname === '/.well-known/openid-configuration') return json(res, 200, discovery(peer));
  if (url.pathname === '/jwks')
    return peer.jwksDown ? json(res, 503, { error: 'down' }) : json(res, 200, { keys: [publicJwk] });
  if (url.pathname === '/authorize') return authorize(peer, codes, url, res);
  if (url.pathname === '/userinfo') return json(res, 200, { sub: 'forged-user', ...peer.userinfo });
  if (url.pathname === '/token' && req.method === 'POST')
    return token(peer, codes, privateKey, foreignKey, new URLSearchParams(await body(req)), req, res);
  res.writeHead(404).end();
}

function discovery(peer: ForgedOidcProvider): Record<string, unknown> {
  const base = peer.issuer;
  return {
    issuer: base,
    authorization_endpoint: `${base}/authorize`,
    token_endpoint: `${base}/token`,
    jwks_uri: `${base}/jwks`,
    userinfo_endpoint: `${base}/userinfo`,
    response_types_supported: ['code'],
    subject_types_supported: ['public'],
    code_challenge_methods_supported: ['S256'],
    id_token_signing_alg_values_supported: ['RS256', 'ES256', 'HS256', 'none'],
    authorization_response_iss_parameter_supported: peer.advertiseIss,
  };
}

function authorize(peer: ForgedOidcProvider, codes: Map<string, Pending>, url: URL, res: ServerResponse): void {
  const q = url.searchParams;
  const code = randomBytes(16).toString('base64url');
  codes.set(code, {
    nonce: q.get('nonce') ?? '',
    challenge: q.get('code_challenge') ?? '',
    redirectUri: q.get('redirect_uri') ?? '',
    used: false,
  });
  const answer = peer.callbackParameters(new URLSearchParams({ code, state: q.get('state') ?? '', iss: peer.issuer }));
  res.writeHead(302, { location: `${q.get('redirect_uri') ?? ''}?${answer.toString()}` }).end();
}

async function token(
  peer: ForgedOidcProvider,
  codes: Map<string, Pending>,
  privateKey: CryptoKey,
  foreignKey: CryptoKey,
  form: URLSearchParams,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  if (!basicCredentialsAre(req.headers.authorization, clientId, clientSecret))
    return json(res, 401, { error: 'invalid_client' });
  const pending = codes.get(form.get('code') ?? '');
  const verifier = form.get('code_verifier') ?? '';
  if (
    pending === undefined
    || (pending.used && !peer.acceptReusedCode)
    || pending.redirectUri !== form.get('redirect_uri')
    || createHash('sha256').update(verifier).digest('base64url') !== pending.challenge
  ) {
    return json(res, 400, { error: 'invalid_grant' });
  }
  pending.used = true;
  const now = Math.floor(Date.now() / 1000);
  const claims: JWTPayload = {
    iss: peer.issuer,
    sub: 'forged-user',
    aud: clientId,
    exp: now + 300,
    iat: now,
    auth_time: now - 5,
    nonce: pending.nonce,
  };
  const sign = (c: JWTPayload, header: { alg?: string; kid?: string } = {}) =>
    new SignJWT(c)
      .setProtectedHeader({ alg: header.alg ?? 'RS256', kid: header.kid ?? 'forged-rs256' })
      .sign(privateKey);
  const signWithForeignKey = (c: JWTPayload, kid: string) =>
    new SignJWT(c).setProtectedHeader({ alg: 'RS256', kid }).sign(foreignKey);
  const accessToken = randomBytes(16).toString('base64url');
  const idToken = await peer.idToken({
    issuer: peer.issuer,
    clientId,
    clientSecret,
    nonce: pending.nonce,
    claims,
    accessToken,
    sign,
    signWithForeignKey,
  });
  return json(res, 200, {
    access_token: accessToken,
    token_type: 'Bearer',
    expires_in: 300,
    id_token: idToken,
  });
}

/** RFC 6749 §2.3.1: both halves form-urlencoded before base64. */
function basicCredentialsAre(header: string | undefined, id: string, secret: string): boolean {
  const [scheme, encoded] = (header ?? '').split(' ');
  if (scheme !== 'Basic' || encoded === undefined) return false;
  const [user, password] = Buffer.from(encoded, 'base64')
    .toString('utf8')
    .split(':')
    .map((part) => decodeURIComponent(part.replace(/\+/g, ' ')));
  return user === id && password === secret;
}

function json(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(value));
}

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** An unsigned JWT (`alg: none`): header and payload, empty signature (RFC 7519 §6). */
export function unsignedJwt(claims: JWTPayload): string {
  const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.`;
}

/** An HS256 JWT keyed with the client secret, as a provider (or anyone knowing the secret) could make. */
export function hmacJwt(claims: JWTPayload, secret: string): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(secret));
}
