/**
 * `GET /etablissements/:uai/populations`: entry by population (gar-reference §7), and
 * `POST …/populations/affecter`: assign one of the establishment's subscriptions to a class,
 * group, level or subject from there. The subscription is looked up within the route's
 * establishment: another's is refused before anything is written.
 */
import type { Request, Response } from 'express';
import { parseAssignmentTarget } from '../../subscriptions/index.js';
import type { ConsoleKit } from '../console-kit.js';
import { pageContext } from '../render-console-page.js';
import { assignEach, namesOf, outcomeRefusal, totals } from './assignment-actions.js';
import type { ManagerHandler, ManagerPagesDeps } from './manager-deps.js';
import { field, formInvalid, noticeQuery, parseSubscriptionChoice } from './manager-form.js';
import { managerFrame } from './manager-frame.js';
import { asRefusal, pageRefusal, type PageRefusal } from './manager-refusals.js';
import { populationsModel } from './populations-model.js';
import { definedFields } from '../../core/defined-fields.js';

async function renderPopulations(
  deps: ManagerPagesDeps,
  kit: ConsoleKit,
  req: Request,
  res: Response,
  refusal?: PageRefusal,
): Promise<void> {
  const { uai, name } = kit.establishment(res);
  const { t } = pageContext(res);
  const [populations, subscriptions, views] = await Promise.all([
    deps.source.listPopulations(uai),
    deps.source.listSubscriptions(uai),
    deps.source.listAssignments(uai),
  ]);
  const data = {
    ...managerFrame(req, res, kit, 'populations'),
    ...populationsModel({ uai, populations, subscriptions, views, t }),
    refusal,
  };
  kit.render(res, 'manager-populations', t('manager.populations.title', { name }), data, refusal?.status ?? 200);
}

export const populationsPage: ManagerHandler = (deps, kit) => (req, res) => renderPopulations(deps, kit, req, res);

const populationKinds = ['class', 'group', 'level', 'subject'] as const;

export const assignFromPopulations: ManagerHandler = (deps, kit) => async (req, res) => {
  const { uai } = kit.establishment(res);
  const { t } = pageContext(res);
  try {
    const kind =
      populationKinds.find((k) => k === field(req, 'kind'))
      ?? formInvalid('manager.error.ERR_CONSOLE_FORM_INVALID', 'Formulaire invalide : population inconnue.');
    const sub =
      (await deps.source.findSubscription(uai, parseSubscriptionChoice(field(req, 'abonnement'))))
      ?? formInvalid('manager.error.subscriptionChoice', 'Choisissez une ressource de cet établissement.');
    const audience = kind === 'class' || kind === 'group' ? field(req, 'audience') : undefined;
    const target = parseAssignmentTarget({ [kind]: field(req, 'code') ?? '', ...definedFields({ audience }) });
    const outcomes = await assignEach(deps.licensing, sub.key, uai, [target], kit.audit(res));
    const refusal = outcomeRefusal(outcomes, await namesOf(deps, uai, outcomes.refused), t);
    if (refusal !== undefined) {
      await renderPopulations(deps, kit, req, res, refusal);
      return;
    }
    res.redirect(
      303,
      `${managerFrame(req, res, kit, 'populations').links.populations}${noticeQuery('affectation', totals(outcomes))}`,
    );
  } catch (error) {
    await renderPopulations(deps, kit, req, res, pageRefusal(asRefusal(error), t));
  }
};
