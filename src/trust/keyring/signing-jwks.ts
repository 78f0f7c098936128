/**
 * The broker's SAML signing keys as JSON Web Keys (RFC 7517), for the OpenID Provider: the same
 * keyring signs assertions and ID tokens, so one rotation (`gar-broker keys rotate`) covers both.
 * Private JWKs, each with its keyring id as `kid`: the active key first (oidc-provider signs with
 * the first that fits), then the announced ones, which the provider's JWKS publishes ahead of use.
 */
import { activeKey, publishedKeys, type BrokerKey, type BrokerKeyring } from './broker-keyring.js';

export interface SigningJwk {
  readonly kid: string;
  readonly kty: string;
  readonly alg: 'RS256';
  readonly use: 'sig';
  readonly [member: string]: unknown;
}

// Asked on every OIDC request (the provider follows rotations): each key is exported once.
const exported = new WeakMap<BrokerKey, SigningJwk>();

export function signingJwks(keyring: BrokerKeyring, now: Date): readonly SigningJwk[] {
  const active = activeKey(keyring, 'signing', now);
  const announced = publishedKeys(keyring, 'signing', now).filter((k) => k.id !== active.id);
  return [active, ...announced].map((key) => {
    let jwk = exported.get(key);
    if (jwk === undefined) {
      jwk = Object.freeze({
        ...key.privateKey.export({ format: 'jwk' }),
        kid: key.id,
        alg: 'RS256',
        use: 'sig',
      }) as SigningJwk;
      exported.set(key, jwk);
    }
    return jwk;
  });
}
