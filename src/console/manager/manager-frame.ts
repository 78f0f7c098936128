/**
 * What every licence manager page shows around its content: the establishment, its pages, the
 * switch to the manager's other establishments (gar-reference §7), and the notice a POST
 * redirected with.
 */
import type { Request, Response } from 'express';
import type { ManagedEstablishment } from '../ports.js';
import type { ConsoleKit } from '../console-kit.js';
import { pageContext } from '../render-console-page.js';
import { readNotice } from './manager-form.js';
import { establishmentPath } from './manager-paths.js';

export type ManagerPage = 'dashboard' | 'populations' | 'subscription';

export interface ManagerFrame {
  readonly establishment: ManagedEstablishment;
  readonly others: readonly { readonly name: string; readonly uai: string; readonly href: string }[];
  readonly links: {
    readonly dashboard: string;
    readonly populations: string;
    readonly csv: string;
    readonly recover: string;
  };
  readonly current: ManagerPage;
  readonly notice?: string;
  /** Shown beside the notice when people are left waiting for a licence. */
  readonly warning?: string;
}

export function managerFrame(req: Request, res: Response, kit: ConsoleKit, current: ManagerPage): ManagerFrame {
  const establishment = kit.establishment(res);
  const principal = kit.principal(res);
  const { t } = pageContext(res);
  const base = establishmentPath(establishment.uai);
  const mine = principal.kind === 'manager' ? principal.establishments : [];
  const notice = readNotice(req);
  const waiting = notice?.values['waiting'] ?? 0;
  return {
    establishment,
    others: mine
      .filter((e) => e.uai !== establishment.uai)
      .map((e) => ({ name: e.name, uai: e.uai, href: establishmentPath(e.uai) })),
    links: {
      dashboard: base,
      populations: `${base}/populations`,
      csv: `${base}/affectations.csv`,
      recover: `${base}/recuperer`,
    },
    current,
    ...(notice ? { notice: t(notice.key, notice.values) } : {}),
    ...(waiting > 0 ? { warning: t('manager.waitingWarning', { waiting }) } : {}),
  };
}
