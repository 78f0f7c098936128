/**
 * The `used_*` counters a subscription would have under new counts. An update may switch between
 * one global count and per-audience counts (gar-reference §5: either, never both), so the
 * licences held are counted again by audience from the licence rows, then checked against the
 * new counts: an update never lowers a count below the licences already held.
 */
import type { Kysely } from 'kysely';
import {
  bucketOf,
  type Audience,
  type LicenceBucket,
  type SubscriptionKey,
  type SubscriptionUpdate,
} from '../../subscriptions/index.js';
import type { DatabaseSchema } from '../database-schema.js';
import { countColumns } from './subscription-row.js';

const buckets: readonly LicenceBucket[] = ['global', 'pupil', 'teacher', 'librarian', 'other'];

type UsedColumns = Record<`used_${LicenceBucket}`, number>;

export async function rebucketUsage(
  trx: Kysely<DatabaseSchema>,
  key: SubscriptionKey,
  input: Pick<SubscriptionUpdate, 'licences'>,
): Promise<{ readonly columns: UsedColumns } | { readonly bucket: LicenceBucket; readonly used: number }> {
  const held = await trx
    .selectFrom('licence')
    .select(['audience', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('distributor_id', '=', key.distributorId)
    .where('subscription_id', '=', key.subscriptionId)
    .where('released_at', 'is', null)
    .groupBy('audience')
    .execute();
  const columns: UsedColumns = { used_global: 0, used_pupil: 0, used_teacher: 0, used_librarian: 0, used_other: 0 };
  for (const row of held) columns[`used_${bucketOf(row.audience as Audience, input.licences.kind)}`] += Number(row.n);
  const counts = countColumns(input.licences);
  for (const bucket of buckets) {
    const limit = counts[`licences_${bucket}`];
    const used = columns[`used_${bucket}`];
    if (limit !== null && limit >= 0 && used > limit) return { bucket, used };
  }
  await moveLicences(trx, key, input.licences.kind);
  return { columns };
}

/** Live licence rows name the count they use: keep that true when the kind of counts changes. */
async function moveLicences(
  trx: Kysely<DatabaseSchema>,
  key: SubscriptionKey,
  kind: 'global' | 'perAudience',
): Promise<void> {
  const audiences: readonly Audience[] = ['ELEVE', 'ENSEIGNANT', 'DOCUMENTALISTE', 'AUTRE PERSONNEL'];
  for (const audience of audiences) {
    await trx
      .updateTable('licence')
      .set({ bucket: bucketOf(audience, kind) })
      .where('distributor_id', '=', key.distributorId)
      .where('subscription_id', '=', key.subscriptionId)
      .where('released_at', 'is', null)
      .where('audience', '=', audience)
      .execute();
  }
}
