/**
 * Back-channel logout tokens for the receiver's attack tests, each named by the attack it plays
 * against the broker: unsigned, signed by another key, for another issuer or client, an ID token's
 * shape, naming no session, too old… All are made against a peer (its issuer, its client, its
 * key for those whose signature is genuine), for the session `about` names.
 */
import { CompactEncrypt, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import { hmacJwt } from './forged-oidc-provider.js';
import type { OidcEntPeer } from './oidc-ent-peer.js';

export const backChannelLogoutEvent = 'http://schemas.openid.net/event/backchannel-logout';

export interface LoggedOutSession {
  readonly sub?: string;
  readonly sid?: string;
}

/** A correct logout token's claims (Back-Channel Logout 1.0 §2.4), issued `ageSeconds` ago. */
export function logoutClaims(peer: OidcEntPeer, about: LoggedOutSession, ageSeconds = 0): JWTPayload {
  const iat = Math.floor(Date.now() / 1000) - ageSeconds;
  return {
    iss: peer.issuer,
    aud: peer.clientId,
    iat,
    exp: iat + 120,
    jti: `jti-${Math.random().toString(36).slice(2)}`,
    events: { [backChannelLogoutEvent]: {} },
    ...about,
  };
}

export const logoutTokenAttacks = [
  'unsigned-alg-none',
  'hmac-keyed-with-the-client-secret',
  'signed-by-a-key-absent-from-the-jwks',
  'signed-by-another-key-under-the-published-kid',
  'payload-tampered-after-signing',
  'encrypted-jwe',
  'typ-of-an-ordinary-jwt',
  'from-an-unregistered-issuer',
  'for-another-client',
  'expired',
  'issued-too-long-ago',
  'issued-in-the-future',
  'without-iat',
  'without-jti',
  'without-events',
  'events-without-the-logout-member',
  'events-logout-member-not-an-object',
  'without-sid-and-sub',
  'sid-longer-than-255',
  'an-id-token-with-nonce',
  'larger-than-16-kib',
] as const;

export type LogoutTokenAttack = (typeof logoutTokenAttacks)[number];

let foreignKey: Promise<CryptoKey> | undefined;

export async function hostileLogoutToken(
  peer: OidcEntPeer,
  attack: LogoutTokenAttack,
  about: LoggedOutSession,
): Promise<string> {
  const claims = logoutClaims(peer, about);
  const typed = (payload: JWTPayload) => peer.sign(payload, { typ: 'logout+jwt' });
  const without = (...names: string[]): JWTPayload =>
    Object.fromEntries(Object.entries(claims).filter(([name]) => !names.includes(name)));
  const now = Math.floor(Date.now() / 1000);
  switch (attack) {
    case 'unsigned-alg-none':
      return `${part({ alg: 'none', typ: 'logout+jwt' })}.${part(claims)}.`;
    case 'hmac-keyed-with-the-client-secret':
      return hmacJwt(claims, peer.clientSecret);
    case 'signed-by-a-key-absent-from-the-jwks':
      return signForeign(claims, 'attacker-key');
    case 'signed-by-another-key-under-the-published-kid':
      return signForeign(claims, 'peer-rs256');
    case 'payload-tampered-after-signing':
      return tampered(await typed(claims), { ...claims, sid: 'another-session' });
    case 'encrypted-jwe':
      return encrypted(claims);
    case 'typ-of-an-ordinary-jwt':
      return peer.sign(claims, { typ: 'JWT' });
    case 'from-an-unregistered-issuer':
      return typed({ ...claims, iss: 'https://ent-inconnu.example' });
    case 'for-another-client':
      return typed({ ...claims, aud: 'another-client' });
    case 'expired':
      return typed({ ...logoutClaims(peer, about, 200), exp: now - 80 });
    case 'issued-too-long-ago':
      return typed({ ...logoutClaims(peer, about, 3600), exp: now + 60 });
    case 'issued-in-the-future':
      return typed(logoutClaims(peer, about, -3600));
    case 'without-iat':
      return typed(without('iat'));
    case 'without-jti':
      return typed(without('jti'));
    case 'without-events':
      return typed(without('events'));
    case 'events-without-the-logout-member':
      return typed({ ...claims, events: { 'https://example.org/other': {} } });
    case 'events-logout-member-not-an-object':
      return typed({ ...claims, events: { [backChannelLogoutEvent]: true } });
    case 'without-sid-and-sub':
      return typed(without('sid', 'sub'));
    case 'sid-longer-than-255':
      return typed({ ...claims, sid: 's'.repeat(256) });
    case 'an-id-token-with-nonce':
      return typed({ ...claims, nonce: 'nonce-of-a-login' });
    case 'larger-than-16-kib':
      return typed({ ...claims, padding: 'x'.repeat(17 * 1024) });
  }
}

async function signForeign(claims: JWTPayload, kid: string): Promise<string> {
  foreignKey ??= generateKeyPair('RS256').then((pair) => pair.privateKey);
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid, typ: 'logout+jwt' }).sign(await foreignKey);
}

const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

function tampered(token: string, claims: JWTPayload): string {
  const [header, , signature] = token.split('.');
  return `${header ?? ''}.${part(claims)}.${signature ?? ''}`;
}

/** A JWE to a key of the attacker's: the broker registers none, whatever the content. */
async function encrypted(claims: JWTPayload): Promise<string> {
  const { publicKey } = await generateKeyPair('RSA-OAEP-256');
  return new CompactEncrypt(new TextEncoder().encode(JSON.stringify(claims)))
    .setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A256GCM', typ: 'logout+jwt' })
    .encrypt(publicKey);
}
