/**
 * `GET /etablissements/:uai`: the dashboard (gar-reference §7), and `POST …/recuperer`: recover
 * the licences of people who left and give them to people waiting (the licensing reconcile of
 * this establishment only).
 */
import type { Request, Response } from 'express';
import type { ConsoleKit } from '../console-kit.js';
import { pageContext } from '../render-console-page.js';
import { dashboardModel } from './dashboard-model.js';
import type { ManagerHandler, ManagerPagesDeps } from './manager-deps.js';
import { peopleNamedBy, targetNames } from './manager-format.js';
import { noticeQuery } from './manager-form.js';
import { managerFrame } from './manager-frame.js';
import { asRefusal, pageRefusal, type PageRefusal } from './manager-refusals.js';

async function renderDashboard(
  deps: ManagerPagesDeps,
  kit: ConsoleKit,
  req: Request,
  res: Response,
  refusal?: PageRefusal,
): Promise<void> {
  const { uai, name } = kit.establishment(res);
  const { t, lang } = pageContext(res);
  const [subscriptions, views] = await Promise.all([
    deps.source.listSubscriptions(uai),
    deps.source.listAssignments(uai),
  ]);
  // Names are needed only for the "people waiting" alerts (persons among their first targets: all of
  // them is simpler and small).
  const waiting = views.filter((v) => v.waiting > 0);
  const [populations, people] =
    waiting.length === 0
      ? [[], []]
      : await Promise.all([deps.source.listPopulations(uai), deps.source.describePeople(uai, peopleNamedBy(waiting))]);
  const model = dashboardModel({
    uai,
    subscriptions,
    views,
    names: targetNames(populations, people),
    now: kit.clock.now(),
    lang,
    t,
  });
  const data = { ...managerFrame(req, res, kit, 'dashboard'), ...model, refusal };
  kit.render(res, 'manager-dashboard', t('manager.dashboard.title', { name }), data, refusal?.status ?? 200);
}

export const dashboardPage: ManagerHandler = (deps, kit) => (req, res) => renderDashboard(deps, kit, req, res);

export const recoverLicences: ManagerHandler = (deps, kit) => async (req, res) => {
  const { uai } = kit.establishment(res);
  try {
    const summary = await deps.licensing.reconcile({ uai }, kit.audit(res));
    res.redirect(
      303,
      `${managerFrame(req, res, kit, 'dashboard').links.dashboard}${noticeQuery('recuperation', { ...summary })}`,
    );
  } catch (error) {
    await renderDashboard(deps, kit, req, res, pageRefusal(asRefusal(error), pageContext(res).t));
  }
};
