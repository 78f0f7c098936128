/**
 * Who holds a live licence of a subscription, by name, and whether an RA can take it back
 * (gar-reference §5, §7): only a licence that comes from an assignment naming that person alone
 * goes back when that assignment is revoked; a holder still covered by a class, group, level,
 * subject or profile would get it again at once.
 */
import { sql, type Kysely } from 'kysely';
import type { LicenceHolder, ManagedSubscription } from '../../console/index.js';
import type { Audience } from '../../subscriptions/index.js';
import type { DatabaseSchema } from '../database-schema.js';
import { establishmentCoverageCtes } from './establishment-coverage-sql.js';
import { byName, loadPeople, personKey } from './manager-people-query.js';

interface HolderRow {
  readonly ent_id: string;
  readonly person_id: string;
  readonly audience: string;
  readonly granted_at: string;
  readonly person_assignment_id: number | string | null;
  readonly by_population: number | string;
}

async function holderRows(db: Kysely<DatabaseSchema>, sub: ManagedSubscription): Promise<readonly HolderRow[]> {
  // Only assignments of an audience the subscription still serves cover anyone (as in the licensing store).
  const served = sub.audiences.length > 0 ? sql.join(sub.audiences.map((a) => sql`${a}`)) : sql`null`;
  const { rows } = await sql<HolderRow>`with ${establishmentCoverageCtes(sub.uai, sub.key)},
    by_population as (
      select distinct c.ent_id, c.person_id from covered c join live_assignment a on a.id = c.assignment_id
      where a.target_kind <> 'person' and a.audience in (${served})
    ),
    by_person as (
      select target_ent_id as ent_id, target_person_id as person_id, min(id) as id from live_assignment
      where target_kind = 'person'
      group by target_ent_id, target_person_id
    )
    select l.ent_id, l.person_id, l.audience, l.granted_at, bp.id as person_assignment_id,
      case when pc.person_id is null then 0 else 1 end as by_population
    from licence l
    left join by_person bp on bp.ent_id = l.ent_id and bp.person_id = l.person_id
    left join by_population pc on pc.ent_id = l.ent_id and pc.person_id = l.person_id
    where l.distributor_id = ${sub.key.distributorId} and l.subscription_id = ${sub.key.subscriptionId}
      and l.released_at is null`.execute(db);
  return rows;
}

/** Holders by name (people who left, not yet reconciled, show with empty names), the first `limit`. */
export async function listHolders(
  db: Kysely<DatabaseSchema>,
  sub: ManagedSubscription,
  limit: number,
): Promise<{ total: number; holders: readonly LicenceHolder[] }> {
  const rows = await holderRows(db, sub);
  // Many holders: reading the whole establishment once beats thousands of ids in IN lists.
  const people = await loadPeople(db, sub.uai, rows.length > 2000 ? undefined : rows.map((r) => r.person_id));
  const holders = rows.map((r): LicenceHolder => {
    const person = people.get(personKey({ entId: r.ent_id, personId: r.person_id }));
    return {
      entId: r.ent_id,
      personId: r.person_id,
      lastName: person?.lastName ?? '',
      firstName: person?.firstName ?? '',
      profiles: person?.profiles ?? [],
      classes: person?.classes ?? [],
      present: person !== undefined,
      audience: r.audience as Audience,
      grantedAt: r.granted_at,
      ...(r.person_assignment_id === null ? {} : { personAssignmentId: Number(r.person_assignment_id) }),
      coveredByPopulation: Number(r.by_population) === 1,
    };
  });
  return { total: holders.length, holders: holders.sort(byName).slice(0, limit) };
}
