/**
 * The `at_hash` of an access token (OIDC Core §3.1.3.6): the hash of its ASCII octets with the
 * hash function of the ID token's JWS `alg`, its left half, base64url-encoded. EdDSA (Ed25519,
 * the only curve jose verifies) hashes with SHA-512, as oidc-provider and the OpenID Foundation's
 * certification suite do. The octets are hashed as UTF-8, which is ASCII for every token RFC 6749
 * §A.12 allows, and what providers hash. An algorithm without a known hash gives undefined: the
 * caller refuses.
 */
import { createHash } from 'node:crypto';

export function oidcTokenHash(token: string, alg: string): string | undefined {
  const hash = hashOf(alg);
  if (hash === undefined) return undefined;
  const digest = createHash(hash).update(token, 'utf8').digest();
  return digest.subarray(0, digest.length / 2).toString('base64url');
}

function hashOf(alg: string): string | undefined {
  const size = /^(?:RS|PS|ES)(256|384|512)$/.exec(alg)?.[1];
  if (size !== undefined) return `sha${size}`;
  return alg === 'EdDSA' || alg === 'Ed25519' ? 'sha512' : undefined;
}
