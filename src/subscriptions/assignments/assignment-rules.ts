/**
 * The checks an assignment passes before it is written, and the audience it draws from
 * (gar-reference §5: INDIV subscriptions take assignments, each licence comes from the count of
 * its audience, transferable licences may be taken back). No I/O: the store passes the facts.
 */
import { fail } from '../../core/fail.js';
import { audienceOfProfile } from '../audience.js';
import type { AssignmentTarget } from '../ports.js';
import { audiences, type AssignmentCategory, type AssignmentType, type Audience } from '../subscription-input.js';

/** What the checks need to know of the subscription. */
export interface AssignableSubscription {
  readonly uai: string;
  readonly assignmentType: AssignmentType;
  readonly category: AssignmentCategory;
  /** Its `publicCible`. */
  readonly audiences: readonly Audience[];
}

/** The audience a target draws from; undefined for a person, whose profile there decides. */
export function audienceOfTarget(target: AssignmentTarget): Audience | undefined {
  switch (target.kind) {
    case 'person':
      return undefined;
    case 'class':
    case 'group':
    case 'profile':
      return target.audience;
    case 'level':
      return 'ELEVE';
    case 'subject':
      return 'ENSEIGNANT';
  }
}

/** One text per target, so that a live target is assigned once per subscription (unique index). */
export function targetKey(target: AssignmentTarget): string {
  switch (target.kind) {
    case 'person':
      return JSON.stringify([target.kind, target.entId, target.personId]);
    case 'class':
    case 'group':
      return JSON.stringify([target.kind, target.audience, target.code]);
    case 'level':
    case 'subject':
      return JSON.stringify([target.kind, target.code]);
    case 'profile':
      return JSON.stringify([target.kind, target.audience]);
  }
}

/**
 * Refuses what no directory lookup can save: an ETABL subscription (everyone of its audiences
 * already has access, gar-reference §5), another establishment, an audience it does not serve.
 */
export function checkAssignable(subscription: AssignableSubscription, uai: string, target: AssignmentTarget): void {
  if (subscription.assignmentType !== 'INDIV') {
    throw fail('ERR_ASSIGN_ETABL', "Cet abonnement couvre tout l'établissement : il ne prend pas d'affectation.");
  }
  if (subscription.uai !== uai) {
    throw fail(
      'ERR_ASSIGN_WRONG_ESTABLISHMENT',
      'Cet abonnement appartient à un autre établissement.',
      `subscription uai ${subscription.uai}, asked ${uai}`,
    );
  }
  const audience = audienceOfTarget(target);
  if (audience !== undefined) checkAudienceAllowed(subscription, audience);
}

export function checkAudienceAllowed(subscription: AssignableSubscription, audience: Audience): void {
  if (!subscription.audiences.includes(audience)) {
    throw fail('ERR_ASSIGN_AUDIENCE_EXCLUDED', `Le public ${audience} n'est pas couvert par cet abonnement.`);
  }
}

/**
 * The audience a named person draws from: the first, in GAR's order, of the audiences of their
 * profiles in the establishment that the subscription serves.
 */
export function audienceOfPerson(subscription: AssignableSubscription, profiles: readonly string[]): Audience {
  const theirs = new Set(profiles.map(audienceOfProfile));
  const found = audiences.find((a) => theirs.has(a) && subscription.audiences.includes(a));
  if (found === undefined) {
    throw fail('ERR_ASSIGN_AUDIENCE_EXCLUDED', "Le profil de cette personne n'est pas couvert par cet abonnement.");
  }
  return found;
}

/** gar-reference §5: only transferable licences can be taken back by the RA. */
export function checkRevocable(subscription: AssignableSubscription): void {
  if (subscription.category !== 'transferable') {
    throw fail(
      'ERR_ASSIGN_NOT_TRANSFERABLE',
      "Les licences de cet abonnement ne sont pas transférables : l'affectation ne peut pas être retirée.",
    );
  }
}
