/**
 * The one entitlement function the login flow and the médiacentre both call:
 * `(person, establishment, resource, instant) → allowed | denied with a coded reason`.
 * The store loads the facts; the pure rule (decide-entitlement.ts) decides; nothing else does.
 */
import type { EntitlementFacts } from '../ports.js';
import { decideEntitlement, type EntitlementDecision } from './decide-entitlement.js';
import { toFrenchLocalDateTime } from './french-local-date-time.js';

export interface EntitlementQuestion {
  readonly person: { readonly entId: string; readonly personId: string };
  readonly uai: string;
  readonly idRessource: string;
  readonly at: Date;
}

export type CheckEntitlement = (question: EntitlementQuestion) => Promise<EntitlementDecision>;

export function createEntitlementCheck(facts: {
  loadEntitlementFacts(
    person: EntitlementQuestion['person'],
    uai: string,
    idRessource: string,
  ): Promise<EntitlementFacts>;
}): CheckEntitlement {
  return async (q) =>
    decideEntitlement(await facts.loadEntitlementFacts(q.person, q.uai, q.idRessource), toFrenchLocalDateTime(q.at));
}
