/**
 * Which establishments a licence manager manages: the ENT feed's `GAR-ENT-RespAff` records
 * (`manager`, `manager_establishment`), live ones only, with live establishments of the same ENT project.
 */
import type { ManagerScopeSource } from '../../console/index.js';
import type { Store } from '../open-store.js';

export function createManagerScopeSource(store: Store): ManagerScopeSource {
  const { db } = store;
  return {
    async managerScope(entId, personId) {
      const manager = await db
        .selectFrom('manager')
        .select(['first_name', 'last_name', 'degree'])
        .where('ent_id', '=', entId)
        .where('person_id', '=', personId)
        .where('departed_at', 'is', null)
        .orderBy('degree')
        .executeTakeFirst();
      if (manager === undefined) return undefined;
      // Only through a live manager record of the same degree: a departed record keeps its rows (an
      // import rebuilds children of live records only), and the person may still manage in the other degree.
      const rows = await db
        .selectFrom('manager_establishment as me')
        .innerJoin('manager as m', (j) =>
          j
            .onRef('m.ent_id', '=', 'me.ent_id')
            .onRef('m.degree', '=', 'me.degree')
            .onRef('m.person_id', '=', 'me.person_id'),
        )
        .innerJoin('establishment as e', (j) => j.onRef('e.uai', '=', 'me.uai').onRef('e.ent_id', '=', 'me.ent_id'))
        .select(['me.uai', 'e.name'])
        .distinct()
        .where('me.ent_id', '=', entId)
        .where('me.person_id', '=', personId)
        .where('m.departed_at', 'is', null)
        .where('e.departed_at', 'is', null)
        .execute();
      return {
        displayName: `${manager.first_name} ${manager.last_name}`,
        establishments: rows.map((r) => ({ uai: r.uai, name: r.name })).sort((a, b) => (a.uai < b.uai ? -1 : 1)),
      };
    },
  };
}
