/**
 * The licence manager pages' reads (src/console/manager-ports.ts) on SQLite or PostgreSQL with the
 * same SQL. Every read is scoped to the establishment it is asked about.
 */
import type { ManagerConsoleSource } from '../../console/index.js';
import type { Store } from '../open-store.js';
import { listEstablishmentAssignments } from './manager-assignments-query.js';
import { listHolders } from './manager-holders-query.js';
import { describePeople, searchPeople } from './manager-people-query.js';
import { listPopulations } from './manager-populations-query.js';
import { findManagedSubscription, listManagedSubscriptions } from './manager-subscriptions-query.js';

export function createManagerConsoleSource(store: Store): ManagerConsoleSource {
  const { db } = store;
  return {
    listSubscriptions: (uai) => listManagedSubscriptions(db, uai),
    findSubscription: (uai, key) => findManagedSubscription(db, uai, key),
    listAssignments: (uai, key) => listEstablishmentAssignments(db, uai, key),
    listPopulations: (uai) => listPopulations(db, uai),
    searchPeople: (uai, query, limit) => searchPeople(db, uai, query, limit),
    describePeople: (uai, people) => describePeople(db, uai, people),
    async listHolders(uai, key, limit) {
      const sub = await findManagedSubscription(db, uai, key);
      return sub === undefined ? { total: 0, holders: [] } : listHolders(db, sub, limit);
    },
  };
}
