/**
 * What licensing needs of a subscription row: where, which kind, whom, how many, how many held.
 */
import type { Kysely } from 'kysely';
import type {
  AssignableSubscription,
  AssignmentCategory,
  AssignmentType,
  Audience,
  LicenceUsage,
  StoredCounts,
  SubscriptionKey,
} from '../../subscriptions/index.js';
import type { DatabaseSchema } from '../database-schema.js';

export interface LicensedSubscription extends AssignableSubscription {
  readonly key: SubscriptionKey;
  readonly counts: StoredCounts;
  readonly used: LicenceUsage;
}

export async function readLicensedSubscription(
  db: Kysely<DatabaseSchema>,
  key: SubscriptionKey,
): Promise<LicensedSubscription | undefined> {
  const row = await db
    .selectFrom('subscription')
    .selectAll()
    .where('distributor_id', '=', key.distributorId)
    .where('id', '=', key.subscriptionId)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  return {
    key,
    uai: row.uai,
    assignmentType: row.assignment_type as AssignmentType,
    category: row.category as AssignmentCategory,
    audiences: JSON.parse(row.audiences) as Audience[],
    counts: {
      global: row.licences_global,
      pupil: row.licences_pupil,
      teacher: row.licences_teacher,
      librarian: row.licences_librarian,
      other: row.licences_other,
    },
    used: {
      global: row.used_global,
      pupil: row.used_pupil,
      teacher: row.used_teacher,
      librarian: row.used_librarian,
      other: row.used_other,
    },
  };
}
