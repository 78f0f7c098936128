/**
 * What an OIDC ENT login must remember between the redirect to the provider and its callback:
 * the state, the nonce and the PKCE verifier (OIDC Core §3.1.2.1, RFC 7636), and the provider and
 * client the request went to. The broker stores it, opaque, in its login transaction (bound to the
 * browser, used once) and hands it back at the callback; it never reaches the browser.
 */
import { fail } from '../core/fail.js';

export interface OidcLoginSecret {
  readonly issuer: string;
  readonly clientId: string;
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
  /** With prompt=login: the user must have authenticated at or after this instant (epoch seconds). */
  readonly authenticatedAfter?: number;
  /** With prompt=none: the provider's "no session" errors mean exactly that (ERR_OIDC_ENT_NO_SESSION). */
  readonly passive?: true;
}

export function writeOidcLoginSecret(secret: OidcLoginSecret): string {
  return JSON.stringify({ v: 1, ...secret });
}

export function readOidcLoginSecret(text: string): OidcLoginSecret {
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(text) as Record<string, unknown>;
  } catch {
    value = {};
  }
  const fields = ['issuer', 'clientId', 'state', 'nonce', 'codeVerifier'] as const;
  const after = value['authenticatedAfter'];
  const passive = value['passive'];
  if (
    value['v'] !== 1
    || !fields.every((name) => typeof value[name] === 'string' && value[name] !== '')
    || (after !== undefined && typeof after !== 'number')
    || (passive !== undefined && passive !== true)
  ) {
    throw fail(
      'ERR_OIDC_ENT_RESPONSE_INVALID',
      "Cette connexion ne peut pas être reprise ; recommencez depuis l'ENT.",
      'login transaction secret unreadable',
    );
  }
  return value as unknown as OidcLoginSecret;
}
