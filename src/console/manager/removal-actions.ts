/**
 * Taking licences back (gar-reference §5, §7: transferable subscriptions only):
 * - removing an assignment: `GET …/affectations/:id/retirer` asks to confirm, `POST` revokes;
 * - taking one person's licence back: `GET …/licences/reprendre?personne=ENT:ID` asks, `POST`
 *   revokes the assignment naming that person alone, so the licence can be given to another.
 * The assignment or holder must belong to the route's subscription, itself of the route's
 * establishment: an id of another establishment is never revoked from here.
 */
import type { Request, Response } from 'express';
import type { LicenceHolder, ManagedSubscription } from '../manager-ports.js';
import { fail } from '../../core/fail.js';
import type { AssignmentView } from '../../subscriptions/index.js';
import type { ConsoleKit } from '../console-kit.js';
import { pageContext } from '../render-console-page.js';
import type { ManagerHandler, ManagerPagesDeps } from './manager-deps.js';
import { describeTarget, peopleNamedBy, personName, targetNames } from './manager-format.js';
import { field, formInvalid, noticeQuery, queryText } from './manager-form.js';
import { managerFrame } from './manager-frame.js';
import { subscriptionPath } from './manager-paths.js';
import { asRefusal, pageRefusal } from './manager-refusals.js';
import { renderSubscriptionPage, requireSubscription } from './subscription-page.js';

/** Another manager may have removed it meanwhile: said in the page, nothing changed. */
const gone = (): never => {
  throw fail('ERR_ASSIGN_UNKNOWN', 'Affectation inconnue ou déjà retirée.');
};

async function liveAssignment(
  deps: ManagerPagesDeps,
  sub: ManagedSubscription,
  rawId: unknown,
): Promise<AssignmentView> {
  const id = typeof rawId === 'string' && /^\d{1,15}$/.test(rawId) ? Number(rawId) : 0;
  const views = await deps.source.listAssignments(sub.uai, sub.key);
  return views.find((v) => v.id === id) ?? gone();
}

async function holderOf(deps: ManagerPagesDeps, sub: ManagedSubscription, person: string): Promise<LicenceHolder> {
  const { holders } = await deps.source.listHolders(sub.uai, sub.key, Number.MAX_SAFE_INTEGER);
  return (
    holders.find((h) => `${h.entId}:${h.personId}` === person)
    ?? formInvalid('manager.error.notHolder', 'Cette personne ne détient pas de licence de cet abonnement.')
  );
}

function checkTransferable(sub: ManagedSubscription): void {
  if (sub.category !== 'transferable')
    throw fail('ERR_ASSIGN_NOT_TRANSFERABLE', 'Abonnement non transférable : ses licences restent à leurs titulaires.');
}

/** The licence comes from an assignment naming that person alone (see LicenceHolder). */
function takeBackAssignment(sub: ManagedSubscription, holder: LicenceHolder): number {
  checkTransferable(sub);
  if (holder.personAssignmentId === undefined || holder.coveredByPopulation) {
    formInvalid(
      'manager.error.viaPopulation',
      'Cette licence vient d’une affectation de population : retirez cette affectation pour la reprendre.',
    );
  }
  return holder.personAssignmentId;
}

interface Confirmation {
  readonly question: string;
  readonly action: string;
  readonly fields: Readonly<Record<string, string>>;
}

function renderConfirm(
  kit: ConsoleKit,
  req: Request,
  res: Response,
  sub: ManagedSubscription,
  confirm: Confirmation,
): void {
  const { t } = pageContext(res);
  const data = { ...managerFrame(req, res, kit, 'subscription'), ...confirm, back: subscriptionPath(sub.uai, sub.key) };
  kit.render(res, 'manager-confirm', t('manager.confirm.title'), data);
}

/** Runs `work` (which answers); a refusal shows the subscription's page with its reason and status instead. */
async function orRefusal(
  deps: ManagerPagesDeps,
  kit: ConsoleKit,
  req: Request,
  res: Response,
  sub: ManagedSubscription,
  work: () => Promise<void>,
): Promise<void> {
  try {
    await work();
  } catch (error) {
    await renderSubscriptionPage(deps, kit, req, res, sub, pageRefusal(asRefusal(error), pageContext(res).t));
  }
}

const handler =
  (
    work: (
      deps: ManagerPagesDeps,
      kit: ConsoleKit,
      req: Request,
      res: Response,
      sub: ManagedSubscription,
    ) => Promise<void>,
  ): ManagerHandler =>
  (deps, kit) =>
  async (req, res) => {
    const sub = await requireSubscription(deps, kit, req, res);
    await orRefusal(deps, kit, req, res, sub, () => work(deps, kit, req, res, sub));
  };

export const confirmRemoval = handler(async (deps, kit, req, res, sub) => {
  const { t } = pageContext(res);
  checkTransferable(sub);
  const view = await liveAssignment(deps, sub, req.params['id']);
  const names = targetNames(
    await deps.source.listPopulations(sub.uai),
    await deps.source.describePeople(sub.uai, peopleNamedBy([view])),
  );
  const question = t('manager.confirm.remove', {
    target: describeTarget(view.target, names, t),
    name: sub.resourceName,
  });
  renderConfirm(kit, req, res, sub, {
    question,
    action: `${subscriptionPath(sub.uai, sub.key)}/affectations/${view.id}/retirer`,
    fields: {},
  });
});

export const removeAssignment = handler(async (deps, kit, req, res, sub) => {
  checkTransferable(sub);
  const view = await liveAssignment(deps, sub, req.params['id']);
  await deps.licensing.revokeAssignment(view.id, kit.audit(res));
  res.redirect(303, `${subscriptionPath(sub.uai, sub.key)}${noticeQuery('retrait')}`);
});

export const confirmTakeBack = handler(async (deps, kit, req, res, sub) => {
  const { t } = pageContext(res);
  const person = queryText(req, 'personne', 400);
  const holder = await holderOf(deps, sub, person);
  takeBackAssignment(sub, holder);
  const question = t('manager.confirm.takeBack', { person: personName(holder), name: sub.resourceName });
  renderConfirm(kit, req, res, sub, {
    question,
    action: `${subscriptionPath(sub.uai, sub.key)}/licences/reprendre`,
    fields: { personne: person },
  });
});

export const takeBackLicence = handler(async (deps, kit, req, res, sub) => {
  const holder = await holderOf(deps, sub, field(req, 'personne') ?? '');
  await deps.licensing.revokeAssignment(takeBackAssignment(sub, holder), kit.audit(res));
  // Back to the named-people form: the licence can now be given to someone else.
  res.redirect(303, `${subscriptionPath(sub.uai, sub.key)}${noticeQuery('reprise')}#personnes`);
});
