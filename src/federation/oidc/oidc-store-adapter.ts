/**
 * oidc-provider's storage adapter on the broker's store: every model in `oidc_payload` (so any
 * node of a cluster continues what another began), except `Client`, read from the registered
 * publishers' clients (`oidc_client`). oidc-provider validates what `Client.find` returns with its
 * own client schema each time it changes, so a hand-edited row cannot loosen the rules.
 */
import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { OidcClientStore, OidcPayloadStore } from '../ports.js';
import { errors } from 'oidc-provider';

export interface OidcAdapterStores {
  readonly payloads: OidcPayloadStore;
  readonly clients: OidcClientStore;
  readonly now: () => Date;
}

export function oidcStoreAdapter(stores: OidcAdapterStores): (model: string) => Adapter {
  return (model) => (model === 'Client' ? clientAdapter(stores.clients) : payloadAdapter(model, stores));
}

function payloadAdapter(model: string, { payloads, now }: OidcAdapterStores): Adapter {
  const expiry = (seconds: number | undefined): Date | undefined =>
    seconds === undefined ? undefined : new Date(now().getTime() + seconds * 1000);
  return {
    upsert: (id, payload, expiresIn) =>
      payloads.upsert(model, id, payload as Record<string, unknown>, expiry(expiresIn)),
    find: async (id) => (await payloads.find(model, id, now())) as AdapterPayload | undefined,
    findByUid: async (uid) => (await payloads.findByUid(model, uid, now())) as AdapterPayload | undefined,
    findByUserCode: async (code) => (await payloads.findByUserCode(model, code, now())) as AdapterPayload | undefined,
    consume: async (id) => {
      // Lost the race for this code to a concurrent request: refused as a used code (RFC 6749 §10.5).
      if (!(await payloads.consume(model, id, now()))) throw new errors.InvalidGrant(`${model} already consumed`);
    },
    destroy: (id) => payloads.destroy(model, id),
    revokeByGrantId: (grantId) => payloads.revokeByGrantId(grantId),
  };
}

/** Clients are registered by the operator (`gar-broker partner oidc-client`), never through this adapter. */
function clientAdapter(clients: OidcClientStore): Adapter {
  const refuse = async (): Promise<never> => {
    throw new Error('OIDC clients are registered with gar-broker partner oidc-client');
  };
  return {
    find: async (id) => {
      const record = await clients.find(id);
      return record === undefined ? undefined : ({ ...record.metadata, client_id: record.clientId } as AdapterPayload);
    },
    upsert: refuse,
    findByUid: refuse,
    findByUserCode: refuse,
    consume: refuse,
    destroy: refuse,
    revokeByGrantId: async () => undefined,
  };
}
