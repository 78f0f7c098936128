/**
 * MediacentreStore on Kysely (SQLite and PostgreSQL alike). One answer costs a few prepared
 * queries, each on an index: the establishment (primary key), the person's live profiles there
 * (the login's own query, so both decide on the same profiles), the establishment's
 * subscriptions (`subscription_by_establishment`; may be reused for `subscriptionsReuseMs`) and
 * the live licences the person holds (`licence_by_holder`), always read: a new assignment shows
 * in the next answer.
 */
import type { Kysely } from 'kysely';
import type { MediacentreStore, OfferedSubscription } from '../../mediacentre/index.js';
import type { AssignmentType, Audience } from '../../subscriptions/index.js';
import type { DatabaseSchema } from '../database-schema.js';
import type { Store } from '../open-store.js';
import { expiringMemo } from '../../core/expiring-memo.js';
import { prepareQuery } from '../prepared-query.js';
import { liveProfiles } from '../subscriptions/load-entitlement-facts.js';

type Db = Kysely<DatabaseSchema>;
type PersonValues = { entId: string; personId: string };

const liveEstablishment = prepareQuery<{ uai: string }, { uai: string; ent_id: string }>(['uai'], (db, v) =>
  db.selectFrom('establishment').select(['uai', 'ent_id']).where('uai', '=', v.uai).where('departed_at', 'is', null),
);

const livePerson = prepareQuery<PersonValues, { person_id: string }>(['entId', 'personId'], (db, v) =>
  db
    .selectFrom('person')
    .select('person_id')
    .where('ent_id', '=', v.entId)
    .where('person_id', '=', v.personId)
    .where('departed_at', 'is', null)
    .limit(1),
);

interface SubscriptionRow {
  resource_id: string;
  distributor_id: string;
  id: string;
  valid_from: string;
  valid_until: string;
  assignment_type: string;
  audiences: string;
}

const subscriptionsOfEstablishment = prepareQuery<{ uai: string }, SubscriptionRow>(['uai'], (db, v) =>
  db
    .selectFrom('subscription as s')
    .select([
      's.resource_id',
      's.distributor_id',
      's.id',
      's.valid_from',
      's.valid_until',
      's.assignment_type',
      's.audiences',
    ])
    .where('s.uai', '=', v.uai)
    .orderBy('s.resource_id')
    .orderBy('s.distributor_id')
    .orderBy('s.id'),
);

/** The live licences a person holds, whatever the establishment (a handful: `licence_by_holder`). */
const heldLicences = prepareQuery<PersonValues, { distributor_id: string; subscription_id: string }>(
  ['entId', 'personId'],
  (db, v) =>
    db
      .selectFrom('licence')
      .select(['distributor_id', 'subscription_id'])
      .where('ent_id', '=', v.entId)
      .where('person_id', '=', v.personId)
      .where('released_at', 'is', null),
);

type EstablishmentSubscription = Omit<OfferedSubscription, 'holdsLicence'> & { readonly resourceId: string };

export interface MediacentreStoreOptions {
  /**
   * How long an establishment's subscriptions (not its licences) are reused between answers; 0:
   * read at each answer. Licences are always read live, so a new assignment shows at once; a new
   * or changed subscription shows within this delay.
   */
  readonly subscriptionsReuseMs?: number;
}

export function createMediacentreStore(store: Store, options: MediacentreStoreOptions = {}): MediacentreStore {
  const db: Db = store.db;
  const readSubscriptions = async (uai: string): Promise<readonly EstablishmentSubscription[]> =>
    (await subscriptionsOfEstablishment.rows(db, { uai })).map((r) => ({
      resourceId: r.resource_id,
      key: { distributorId: r.distributor_id, subscriptionId: r.id },
      validFrom: r.valid_from,
      validUntil: r.valid_until,
      assignmentType: r.assignment_type as AssignmentType,
      audiences: JSON.parse(r.audiences) as Audience[],
    }));
  const reuseMs = options.subscriptionsReuseMs ?? 0;
  const subscriptionsOf =
    reuseMs === 0 ? readSubscriptions : expiringMemo(readSubscriptions, { ttlMs: reuseMs, maxEntries: 100_000 });
  return {
    async findEstablishment(uai) {
      const row = await liveEstablishment.first(db, { uai });
      return row === undefined ? undefined : { uai: row.uai, entId: row.ent_id };
    },
    async loadOffer(person, uai) {
      const profiles = (await liveProfiles.rows(db, { entId: person.entId, personId: person.personId, uai }))
        .map((r) => r.profile)
        .sort();
      // Only an empty answer needs to know whether the person exists at all (a clearer error).
      if (profiles.length === 0) {
        return {
          person: (await livePerson.first(db, person)) === undefined ? 'unknown' : { profiles },
          subscriptionsByResource: new Map(),
        };
      }
      const [subscriptions, held] = await Promise.all([subscriptionsOf(uai), heldLicences.rows(db, person)]);
      const holds = new Set(held.map((l) => `${l.distributor_id}\u0000${l.subscription_id}`));
      const byResource = new Map<string, OfferedSubscription[]>();
      for (const { resourceId, ...s } of subscriptions) {
        const list = byResource.get(resourceId) ?? [];
        list.push({ ...s, holdsLicence: holds.has(`${s.key.distributorId}\u0000${s.key.subscriptionId}`) });
        byResource.set(resourceId, list);
      }
      return { person: { profiles }, subscriptionsByResource: byResource };
    },
  };
}
