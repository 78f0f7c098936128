/**
 * The operator pages' reads (src/console/operator-ports.ts) on SQLite or PostgreSQL with the same
 * SQL (the one substring test excepted). Reads only.
 */
import type { OperatorConsoleSource } from '../../console/index.js';
import type { Store } from '../open-store.js';
import { auditTrail } from './operator-audit-query.js';
import { listContractStates, listParties } from './operator-catalogue-query.js';
import { listEntProjects, listFeedImports } from './operator-ent-query.js';
import { subscriptionOverview } from './operator-subscriptions-query.js';

export function createOperatorConsoleSource(store: Store): OperatorConsoleSource {
  const { db } = store;
  return {
    listEntProjects: () => listEntProjects(db),
    listFeedImports: (entId, limit) => listFeedImports(db, entId, limit),
    listParties: () => listParties(db),
    listContractStates: () => listContractStates(db),
    subscriptionOverview: (by, now, page) => subscriptionOverview(db, by, now, page),
    auditTrail: (filter, page) => auditTrail(store, filter, page),
  };
}
