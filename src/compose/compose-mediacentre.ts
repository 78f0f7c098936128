/**
 * Composition of the médiacentre web service: the ENT-authenticating middleware, the
 * lister over the store and the catalogue, and the routes. Part of the composition root.
 */
import type { RequestHandler } from 'express';
import type { BrokerConfig } from '../config/index.js';
import type { Clock } from '../core/clock.js';
import { expiringMemo } from '../core/expiring-memo.js';
import type { Logger } from '../core/logger.js';
import {
  createUserResourceLister,
  mediacentreRouter,
  type CatalogueEntry,
  type MediacentreStore,
} from '../mediacentre/index.js';
import { createContractStore, createMediacentreStore, createResourceStore, type Store } from '../store/index.js';
import type { BaseUrl } from './compose-login.js';

export function composeMediacentre(
  config: BrokerConfig,
  store: Store,
  authenticate: RequestHandler,
  baseUrl: BaseUrl,
  logger: Logger,
  clock: Clock,
) {
  const resources = createResourceStore(store);
  const contracts = createContractStore(store);
  // Descriptions change rarely and are shared by every answer: reused as long as the login reuses
  // them (login.catalogueCacheSeconds). Licences are never cached (a new assignment shows at once).
  const ttlMs = config.login.catalogueCacheSeconds * 1000;
  const findResource =
    ttlMs === 0 ? resources.findResource : expiringMemo(resources.findResource, { ttlMs, maxEntries: 10_000 });
  const readCatalogue = async (): Promise<readonly CatalogueEntry[]> => {
    const all = await resources.listResources();
    const approved = await Promise.all(
      all.map(async (r) => (await contracts.effectiveContract(r.idRessource)) !== undefined),
    );
    return all.map((resource, i) => ({ resource, contractApproved: approved[i] === true }));
  };
  const catalogue = ttlMs === 0 ? readCatalogue : expiringMemo(readCatalogue, { ttlMs, maxEntries: 1 });
  // Establishments change with the nightly feed: reused like the catalogue. People and licences are read live.
  // An establishment's subscriptions are reused for at most a second, so a new one shows within a second.
  const sqlStore = createMediacentreStore(store, { subscriptionsReuseMs: Math.min(ttlMs, 1000) });
  const mediacentreStore: MediacentreStore =
    ttlMs === 0
      ? sqlStore
      : {
          findEstablishment: expiringMemo(sqlStore.findEstablishment, { ttlMs, maxEntries: 100_000 }),
          loadOffer: sqlStore.loadOffer,
        };
  const router = mediacentreRouter({
    listUserResources: createUserResourceLister({ store: mediacentreStore, findResource }),
    listCatalogue: () => catalogue(''),
    authenticate,
    brokerUrl: () => baseUrl.value,
    sourceLabel: config.webServices.mediacentreSourceLabel,
    answerCacheMs: config.webServices.mediacentreAnswerCacheSeconds * 1000,
    clock,
    logger,
  });
  return { path: config.webServices.mediacentrePath, router };
}
