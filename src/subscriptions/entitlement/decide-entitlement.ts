/**
 * The access rule (gar-reference §5), as a pure function of the facts the store loaded and the
 * French local time now: a person may open a resource in an establishment when a subscription of
 * that resource there is valid now, one of the person's audiences is among its audiences, and it
 * is `ETABL` or the person holds one of its licences. Default deny: anything else is refused.
 *
 * Validity is half-open, `validFrom ≤ now < validUntil`: a school year ends on 15 August at
 * 00:00:00 (gar-reference §5), and that very instant already belongs to the next one.
 */
import { audienceOfProfile } from '../audience.js';
import type { EntitlementFacts, SubscriptionKey } from '../ports.js';
import { audiences, type Audience, type LocalDateTime } from '../subscription-input.js';
import { compareLocalDateTimes } from '../wire/local-date-time.js';

/**
 * Why access is refused; stable strings (logged, shown to operators). When several apply, the
 * first of this list wins; the subscription-level reasons describe the candidate that got
 * furthest through the rule (valid now → covers an audience → ETABL or a licence).
 */
export type EntitlementDenial =
  /** The person has no live profile in the establishment (unknown there, or departed). */
  | 'NOT_IN_ESTABLISHMENT'
  /** The establishment has no subscription to the resource at all. */
  | 'NO_SUBSCRIPTION'
  /** None is valid now, and every one starts later. */
  | 'SUBSCRIPTION_NOT_YET_VALID'
  /** None is valid now, and at least one has ended. */
  | 'SUBSCRIPTION_EXPIRED'
  /** Some are valid now, but none targets an audience of the person's profiles. */
  | 'AUDIENCE_EXCLUDED'
  /** Some valid one covers the person, but all of those are INDIV and the person holds no licence of them. */
  | 'NO_LICENCE';

export type EntitlementDecision =
  | { readonly allowed: true; readonly subscription: SubscriptionKey; readonly audience: Audience }
  | { readonly allowed: false; readonly reason: EntitlementDenial };

type Candidate = EntitlementFacts['subscriptions'][number];

interface Grant {
  readonly candidate: Candidate;
  readonly audience: Audience;
}

export function decideEntitlement(facts: EntitlementFacts, now: LocalDateTime): EntitlementDecision {
  if (facts.profiles.length === 0) return deny('NOT_IN_ESTABLISHMENT');
  if (facts.subscriptions.length === 0) return deny('NO_SUBSCRIPTION');
  const valid = facts.subscriptions.filter((s) => isValidAt(s, now));
  if (valid.length === 0) {
    const allLater = facts.subscriptions.every((s) => compareLocalDateTimes(now, s.validFrom) < 0);
    return deny(allLater ? 'SUBSCRIPTION_NOT_YET_VALID' : 'SUBSCRIPTION_EXPIRED');
  }
  const personAudiences = new Set(facts.profiles.map(audienceOfProfile));
  const covering = valid.flatMap((candidate) => {
    // The first shared audience in GAR's order, so the answer does not depend on list orders.
    const audience = audiences.find((a) => personAudiences.has(a) && candidate.audiences.includes(a));
    return audience === undefined ? [] : [{ candidate, audience }];
  });
  if (covering.length === 0) return deny('AUDIENCE_EXCLUDED');
  // gar-reference §5: ETABL opens to the whole establishment; INDIV only to licence holders.
  const grants = covering.filter(({ candidate }) => candidate.assignmentType === 'ETABL' || candidate.holdsLicence);
  const [best] = [...grants].sort(compareGrants);
  if (best === undefined) return deny('NO_LICENCE');
  return { allowed: true, subscription: best.candidate.key, audience: best.audience };
}

function isValidAt(s: Candidate, now: LocalDateTime): boolean {
  return compareLocalDateTimes(s.validFrom, now) <= 0 && compareLocalDateTimes(now, s.validUntil) < 0;
}

function deny(reason: EntitlementDenial): EntitlementDecision {
  return { allowed: false, reason };
}

/**
 * Several subscriptions may allow: ETABL first (it uses no licence), then by distributor and
 * subscription id, then audience, compared by code units, so the choice never depends on the
 * order the store returned them in.
 */
function compareGrants(a: Grant, b: Grant): number {
  const rank = (g: Grant): readonly [number, string, string, number] => [
    g.candidate.assignmentType === 'ETABL' ? 0 : 1,
    g.candidate.key.distributorId,
    g.candidate.key.subscriptionId,
    audiences.indexOf(g.audience),
  ];
  const [ra, rb] = [rank(a), rank(b)];
  for (let i = 0; i < ra.length; i += 1) {
    const [x, y] = [ra[i] as number | string, rb[i] as number | string];
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}
