/**
 * Adding assignments from a subscription's page (gar-reference §7). Each target is one store
 * change (locked, audited, counts never exceeded); a form naming several reports each one. On
 * success: 303 back to the page with a notice; on a refusal: the page again, with the reason and
 * the status of the refusal, and nothing of the refused target written.
 */
import type {
  AssignmentTarget,
  AssignmentView,
  AuditContext,
  LicensingStore,
  SubscriptionKey,
} from '../../subscriptions/index.js';
import type { BrokerError } from '../../core/broker-error.js';
import { pageContext } from '../render-console-page.js';
import { targetsOfForm } from './assignment-targets.js';
import type { ManagerHandler, ManagerPagesDeps } from './manager-deps.js';
import { describeTarget, targetNames, type TargetNames, type Translate } from './manager-format.js';
import { noticeQuery } from './manager-form.js';
import { subscriptionPath } from './manager-paths.js';
import { asRefusal, pageRefusal, refusalText, type PageRefusal } from './manager-refusals.js';
import { renderSubscriptionPage, requireSubscription } from './subscription-page.js';

export interface AssignmentOutcomes {
  readonly done: readonly { readonly target: AssignmentTarget; readonly view: AssignmentView }[];
  readonly refused: readonly { readonly target: AssignmentTarget; readonly error: BrokerError }[];
}

/** One store change per target, in order; a refusal does not stop the others (each stands alone). */
export async function assignEach(
  licensing: LicensingStore,
  key: SubscriptionKey,
  uai: string,
  targets: readonly AssignmentTarget[],
  audit: AuditContext,
): Promise<AssignmentOutcomes> {
  const done: { target: AssignmentTarget; view: AssignmentView }[] = [];
  const refused: { target: AssignmentTarget; error: BrokerError }[] = [];
  for (const target of targets) {
    try {
      done.push({ target, view: await licensing.addAssignment(key, uai, target, audit) });
    } catch (error) {
      refused.push({ target, error: asRefusal(error) });
    }
  }
  return { done, refused };
}

export const totals = (outcomes: AssignmentOutcomes) => ({
  granted: outcomes.done.reduce((n, d) => n + d.view.granted, 0),
  waiting: outcomes.done.reduce((n, d) => n + d.view.waiting, 0),
});

/** The refusal to show, with one line per target when the form named several. */
export function outcomeRefusal(
  outcomes: AssignmentOutcomes,
  names: TargetNames,
  t: Translate,
): PageRefusal | undefined {
  const [first] = outcomes.refused;
  if (first === undefined) return undefined;
  if (outcomes.done.length + outcomes.refused.length === 1) return pageRefusal(first.error, t);
  const lines = [
    ...outcomes.done.map((d) =>
      t('manager.outcome.done', {
        target: describeTarget(d.target, names, t),
        granted: d.view.granted,
        waiting: d.view.waiting,
      }),
    ),
    ...outcomes.refused.map((r) =>
      t('manager.outcome.refused', { target: describeTarget(r.target, names, t), reason: refusalText(r.error, t) }),
    ),
  ];
  return pageRefusal(first.error, t, lines, outcomes.done.length > 0);
}

export const addAssignments: ManagerHandler = (deps, kit) => async (req, res) => {
  const sub = await requireSubscription(deps, kit, req, res);
  const { t } = pageContext(res);
  let outcomes: AssignmentOutcomes;
  try {
    outcomes = await assignEach(deps.licensing, sub.key, sub.uai, targetsOfForm(req), kit.audit(res));
  } catch (error) {
    await renderSubscriptionPage(deps, kit, req, res, sub, pageRefusal(asRefusal(error), t));
    return;
  }
  if (outcomes.refused.length > 0) {
    const refusal = outcomeRefusal(outcomes, await namesOf(deps, sub.uai, [...outcomes.done, ...outcomes.refused]), t);
    await renderSubscriptionPage(deps, kit, req, res, sub, refusal);
    return;
  }
  res.redirect(303, `${subscriptionPath(sub.uai, sub.key)}${noticeQuery('affectation', totals(outcomes))}`);
};

/** Names of the populations and people some targets name, to report on each. */
export async function namesOf(
  deps: ManagerPagesDeps,
  uai: string,
  items: readonly { readonly target: AssignmentTarget }[],
): Promise<TargetNames> {
  const people = items.flatMap(({ target }) =>
    target.kind === 'person' ? [{ entId: target.entId, personId: target.personId }] : [],
  );
  const [populations, found] = await Promise.all([
    deps.source.listPopulations(uai),
    deps.source.describePeople(uai, people),
  ]);
  return targetNames(populations, found);
}
