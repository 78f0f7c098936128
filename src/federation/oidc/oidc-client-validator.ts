/**
 * oidc-provider's client schema, without a running provider: a provider built with the same client
 * rules and signing keys as the real one (the schema derives the allowed ID token algorithms from
 * the keys) checks a client before it is saved, so the CLI refuses what the provider would refuse.
 */
import { Provider, type Adapter, type JWK } from 'oidc-provider';
import { oidcClientRules } from './oidc-provider-configuration.js';
import { oidcScopes } from './gar-oidc-claims.js';

export type OidcClientValidator = (metadata: Readonly<Record<string, unknown>>) => Promise<void>;

export function createOidcClientValidator(signingKeys: readonly JWK[]): OidcClientValidator {
  // It stores nothing: validating a client reads and writes no model.
  const nothing = async (): Promise<undefined> => undefined;
  const adapter = (): Adapter => ({
    upsert: nothing,
    find: nothing,
    findByUid: nothing,
    findByUserCode: nothing,
    consume: nothing,
    destroy: nothing,
    revokeByGrantId: nothing,
  });
  const provider = new Provider('https://gar-broker.invalid/oidc', {
    ...oidcClientRules,
    adapter,
    jwks: { keys: [...signingKeys] },
    scopes: [...oidcScopes],
    features: { ...oidcClientRules.features, devInteractions: { enabled: false } },
  });
  return async (metadata) => {
    await provider.Client.validate(metadata as never);
  };
}
