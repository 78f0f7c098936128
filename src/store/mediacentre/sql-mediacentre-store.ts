/**
 * MediacentreStore on Kysely (SQLite and PostgreSQL alike). One answer costs three prepared
 * queries, each on an index: the establishment (primary key), the person's live profiles there
 * (`person_profile` primary key; the login's own query, so both decide on the same profiles), and the establishment's subscriptions (`subscription_by_establishment`)
 * with, for each, whether the person holds one of its live licences (`licence_live_holder`).
 * Nothing is cached here: licences are read live, so a new assignment shows in the next answer.
 */
import type { Kysely } from 'kysely';
import type { MediacentreStore, OfferedSubscription } from '../../mediacentre/index.js';
import type { AssignmentType, Audience } from '../../subscriptions/index.js';
import type { DatabaseSchema } from '../database-schema.js';
import type { Store } from '../open-store.js';
import { prepareQuery } from '../prepared-query.js';
import { liveProfiles } from '../subscriptions/load-entitlement-facts.js';

type Db = Kysely<DatabaseSchema>;
type PersonValues = { entId: string; personId: string };

const liveEstablishment = prepareQuery<{ uai: string }, { uai: string; ent_id: string }>(['uai'], (db, v) => db
  .selectFrom('establishment').select(['uai', 'ent_id'])
  .where('uai', '=', v.uai).where('departed_at', 'is', null));

const livePerson = prepareQuery<PersonValues, { person_id: string }>(['entId', 'personId'], (db, v) => db
  .selectFrom('person').select('person_id')
  .where('ent_id', '=', v.entId).where('person_id', '=', v.personId).where('departed_at', 'is', null)
  .limit(1));

const subscriptionsOfEstablishment = prepareQuery<PersonValues & { uai: string }, {
  resource_id: string; distributor_id: string; id: string; valid_from: string; valid_until: string; assignment_type: string; audiences: string; holds: unknown;
}>(['entId', 'personId', 'uai'], (db, v) => db
  .selectFrom('subscription as s')
  .select((eb) => [
    's.resource_id', 's.distributor_id', 's.id', 's.valid_from', 's.valid_until', 's.assignment_type', 's.audiences',
    eb.exists(eb.selectFrom('licence as l').select('l.id')
      .whereRef('l.distributor_id', '=', 's.distributor_id').whereRef('l.subscription_id', '=', 's.id')
      .where('l.ent_id', '=', v.entId).where('l.person_id', '=', v.personId).where('l.released_at', 'is', null)).as('holds'),
  ])
  .where('s.uai', '=', v.uai)
  .orderBy('s.resource_id').orderBy('s.distributor_id').orderBy('s.id'));

export function createMediacentreStore(store: Store): MediacentreStore {
  const db: Db = store.db;
  return {
    async findEstablishment(uai) {
      const row = await liveEstablishment.first(db, { uai });
      return row === undefined ? undefined : { uai: row.uai, entId: row.ent_id };
    },
    async loadOffer(person, uai) {
      const values = { entId: person.entId, personId: person.personId, uai };
      const profiles = (await liveProfiles.rows(db, values)).map((r) => r.profile).sort();
      // Only an empty answer needs to know whether the person exists at all (a clearer error).
      if (profiles.length === 0 && await livePerson.first(db, person) === undefined) return { person: 'unknown', subscriptionsByResource: new Map() };
      const byResource = new Map<string, OfferedSubscription[]>();
      if (profiles.length > 0) {
        for (const r of await subscriptionsOfEstablishment.rows(db, values)) {
          const list = byResource.get(r.resource_id) ?? [];
          list.push({
            key: { distributorId: r.distributor_id, subscriptionId: r.id },
            validFrom: r.valid_from, validUntil: r.valid_until,
            assignmentType: r.assignment_type as AssignmentType,
            audiences: JSON.parse(r.audiences) as Audience[],
            // SQLite answers 0/1, PostgreSQL true/false.
            holdsLicence: Boolean(r.holds),
          });
          byResource.set(r.resource_id, list);
        }
      }
      return { person: { profiles }, subscriptionsByResource: byResource };
    },
  };
}
