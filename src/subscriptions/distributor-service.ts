/**
 * The subscription operations of a distributor (gar-reference §5), once its certificate has
 * named it and its body has been read into a typed value. Each operation is a visible list of
 * checks, then one write. A distributor only ever addresses its own subscriptions: every store
 * call is keyed by the caller, so another distributor's subscription is simply not found (404).
 */
import { fail } from '../core/fail.js';
import type { AuditContext, SubscriptionRecord, SubscriptionStore } from './ports.js';
import type { SubscriptionCreation, SubscriptionInput, SubscriptionUpdate } from './subscription-input.js';
import type { Paging, SubscriptionQuery } from './subscription-query.js';

export interface DistributorServiceOptions {
  readonly store: SubscriptionStore;
  /** Called after a change that may move licences (counts, audiences, deletion) in an establishment. */
  readonly afterLicensingChange?: (uai: string, audit: AuditContext) => Promise<void>;
}

export interface DistributorService {
  create(distributorId: string, input: SubscriptionCreation, audit: AuditContext): Promise<void>;
  update(distributorId: string, id: string, input: SubscriptionUpdate, audit: AuditContext): Promise<void>;
  remove(distributorId: string, id: string, audit: AuditContext): Promise<void>;
  list(distributorId: string, query: SubscriptionQuery, paging: Paging): Promise<readonly SubscriptionRecord[]>;
  /** How many `list` finds on all pages together. */
  count(distributorId: string, query: SubscriptionQuery): Promise<number>;
}

export function createDistributorService(options: DistributorServiceOptions): DistributorService {
  const { store } = options;
  const afterChange = options.afterLicensingChange ?? (async () => undefined);
  return {
    async create(distributorId, input, audit) {
      await checkEstablishment(store, input.uaiEtab);
      await checkResource(store, distributorId, input);
      const outcome = await store.createSubscription(distributorId, input, audit);
      // GAR's clients look for "existe deja", unaccented as GAR writes it (gar-reference §5).
      if (outcome === 'exists')
        throw fail('ERR_WS_SUBSCRIPTION_EXISTS', `L'abonnement ${input.idAbonnement} existe deja.`);
    },
    async update(distributorId, id, input, audit) {
      const current = await store.getSubscription(distributorId, id);
      if (current === undefined) throw unknown(id);
      await checkResource(store, distributorId, input);
      const outcome = await store.updateSubscription(distributorId, id, input, audit);
      if (outcome === 'not-found') throw unknown(id);
      if (outcome !== 'updated') {
        throw fail(
          'ERR_WS_LICENCES_BELOW_USAGE',
          `Le nombre de licences ne peut pas descendre sous les ${outcome.used} licences déjà affectées.`,
          `bucket ${outcome.bucket}`,
        );
      }
      await afterChange(current.subscription.uaiEtab, audit);
    },
    async remove(distributorId, id, audit) {
      const current = await store.getSubscription(distributorId, id);
      if (current === undefined || (await store.deleteSubscription(distributorId, id, audit)) === 'not-found')
        throw unknown(id);
      await afterChange(current.subscription.uaiEtab, audit);
    },
    list: (distributorId, query, paging) => store.listSubscriptions(distributorId, query, paging),
    count: (distributorId, query) => store.countSubscriptions(distributorId, query),
  };
}

const unknown = (id: string) => fail('ERR_WS_SUBSCRIPTION_UNKNOWN', `Abonnement inconnu : ${id}.`);

async function checkEstablishment(store: SubscriptionStore, uai: string): Promise<void> {
  if ((await store.findEstablishment(uai)) === undefined)
    throw fail('ERR_WS_ESTABLISHMENT_UNKNOWN', `Établissement inconnu : ${uai}.`);
}

/** The resource is registered, of the type given, and the caller distributes it (gar-reference §5). */
async function checkResource(
  store: SubscriptionStore,
  distributorId: string,
  input: Omit<SubscriptionInput, 'uaiEtab'>,
): Promise<void> {
  const resource = await store.findResourceDistribution(input.idRessource);
  if (resource === undefined) throw fail('ERR_WS_RESOURCE_UNKNOWN', `Ressource inconnue : ${input.idRessource}.`);
  if (resource.typeIdRessource !== input.typeIdRessource) {
    throw fail(
      'ERR_WS_RESOURCE_TYPE_MISMATCH',
      `typeIdRessource doit valoir ${resource.typeIdRessource} pour cette ressource.`,
    );
  }
  if (distributorId !== resource.commercialDistributorId && distributorId !== resource.technicalDistributorId) {
    throw fail(
      'ERR_WS_RESOURCE_NOT_DISTRIBUTED',
      `Vous ne distribuez pas la ressource ${input.idRessource}.`,
      `caller ${distributorId}`,
    );
  }
  if (input.idDistributeurCom !== distributorId && input.idDistributeurCom !== resource.commercialDistributorId) {
    throw fail(
      'ERR_WS_DISTRIBUTOR_MISMATCH',
      'idDistributeurCom ne correspond ni à votre identifiant ni au distributeur commercial de la ressource.',
    );
  }
}
