/**
 * Assignment counts per subscription and establishment (GAR `decompteaffectations`,
 * gar-reference §5): the licences held now, per audience, for the caller's subscriptions with
 * that id or that project code. Counts, never people.
 */
import { sql, type Kysely } from 'kysely';
import type { AssignmentCountRow } from '../../subscriptions/index.js';
import type { DatabaseSchema } from '../database-schema.js';

export async function countAssignments(
  db: Kysely<DatabaseSchema>,
  distributorId: string,
  by: { readonly idAbonnement: string } | { readonly codeProjetRessource: string },
): Promise<readonly AssignmentCountRow[]> {
  const held = (audience: string) => sql<number | string>`sum(case when l.audience = ${audience} then 1 else 0 end)`;
  let query = db
    .selectFrom('subscription as s')
    .leftJoin('licence as l', (join) =>
      join
        .onRef('l.distributor_id', '=', 's.distributor_id')
        .onRef('l.subscription_id', '=', 's.id')
        .on('l.released_at', 'is', null),
    )
    .select(['s.uai', 's.id', 's.project_code', 's.resource_id'])
    .select([
      held('ELEVE').as('eleve'),
      held('ENSEIGNANT').as('enseignant'),
      held('DOCUMENTALISTE').as('documentaliste'),
      held('AUTRE PERSONNEL').as('autre'),
    ])
    .where('s.distributor_id', '=', distributorId)
    .groupBy(['s.uai', 's.id', 's.project_code', 's.resource_id'])
    .orderBy('s.uai')
    .orderBy('s.id');
  query =
    'idAbonnement' in by
      ? query.where('s.id', '=', by.idAbonnement)
      : query.where('s.project_code', '=', by.codeProjetRessource);
  const rows = await query.execute();
  return rows.map((r) => ({
    uai: r.uai,
    idAbonnement: r.id,
    ...(r.project_code === null ? {} : { codeProjetRessource: r.project_code }),
    idRessource: r.resource_id,
    eleve: Number(r.eleve ?? 0),
    enseignant: Number(r.enseignant ?? 0),
    documentaliste: Number(r.documentaliste ?? 0),
    autrePersonnel: Number(r.autre ?? 0),
  }));
}
