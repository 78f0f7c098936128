/**
 * The licensing port (assignments, live populations, licences) on SQLite or PostgreSQL with the
 * same SQL. Every licence change runs in one transaction locked on its subscription
 * (in-subscription-lock.ts); docs/licensing.md states the rules.
 */
import type { LicensingStore } from '../../subscriptions/index.js';
import type { Store } from '../open-store.js';
import { addAssignment } from './add-assignment.js';
import { listAssignments } from './list-assignments.js';
import { loadEntitlementFacts } from './load-entitlement-facts.js';
import { reconcileLicences } from './reconcile-licences.js';
import { revokeAssignment } from './revoke-assignment.js';

export function createLicensingStore(store: Store): LicensingStore {
  return {
    addAssignment: (key, uai, target, audit) => addAssignment(store, key, uai, target, audit),
    revokeAssignment: (id, audit) => revokeAssignment(store, id, audit),
    listAssignments: (filter) => listAssignments(store.db, filter),
    reconcile: (scope, audit) => reconcileLicences(store, scope, audit),
    loadEntitlementFacts: (person, uai, idRessource) => loadEntitlementFacts(store.db, person, uai, idRessource),
  };
}
