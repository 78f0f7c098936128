/**
 * The JWS algorithms an ENT provider's ID tokens may use: the registration's list, else the
 * configured default, minus what is never acceptable whatever the configuration says. `none` is an
 * unsigned token; HMAC algorithms would be keyed with the client secret, which the provider and
 * the broker share, so a token "signed" that way proves nothing about the provider (RFC 8725 §3.1,
 * §3.2). The RP checks the JOSE header `alg` against this list (OIDC Core §3.1.3.7 items 6–8).
 */
import type { OidcEntRegistration } from './ports.js';

const neverAccepted = (alg: string): boolean => alg === 'none' || alg.startsWith('HS');

export function oidcAllowedAlgorithms(
  registration: OidcEntRegistration,
  defaults: readonly string[],
): readonly string[] {
  return (registration.allowedAlgorithms ?? defaults).filter((alg) => !neverAccepted(alg));
}

/** Whether an algorithm may ever be configured (the CLI refuses the others). */
export function isAcceptableIdTokenAlgorithm(alg: string): boolean {
  return /^(RS|PS|ES)(256|384|512)$|^EdDSA$|^Ed25519$/.test(alg) && !neverAccepted(alg);
}
