/**
 * The audit trail (who did what, when): every change the broker recorded, newest first, 50 a
 * page, filtered by actor, action, target and days. Stored values are shown as text (escaped by
 * the view), the states before and after as they were written, cut when long.
 */
import type { AuditEventRow } from '../operator-ports.js';
import { auditFilterOf, readAuditFilterForm } from './audit-filter.js';
import type { OperatorHandler } from './operator-deps.js';
import { pageNumber } from './operator-form.js';
import { pager } from './operator-pager.js';
import { sectionPath } from './operator-paths.js';
import { asPageRefusal } from './operator-refusals.js';
import { renderOperatorPage, translator } from './operator-render.js';

export const eventsPerPage = 50;
/** A state longer than this is cut in the page (the database keeps it whole). */
const stateShown = 2000;

function stateText(state: string | null): string | undefined {
  if (state === null) return undefined;
  let text = state;
  try {
    text = JSON.stringify(JSON.parse(state), null, 1);
  } catch {
    /* kept as stored */
  }
  return text.length > stateShown ? `${text.slice(0, stateShown)}…` : text;
}

const eventView = (e: AuditEventRow) => ({ ...e, before: stateText(e.before), after: stateText(e.after) });

export const auditPage: OperatorHandler = (deps, kit) => async (req, res) => {
  const form = readAuditFilterForm(req);
  const page = pageNumber(req);
  const path = sectionPath('audit');
  try {
    const { events, more } = await deps.source.auditTrail(auditFilterOf(form), { page, size: eventsPerPage });
    renderOperatorPage(kit, res, 'operator-audit', 'audit', {
      form,
      action: path,
      events: events.map(eventView),
      pager: pager(path, { ...form }, page, more),
    });
  } catch (error) {
    const refusal = asPageRefusal(error, translator(res));
    renderOperatorPage(
      kit,
      res,
      'operator-audit',
      'audit',
      { form, action: path, events: [], pager: { page }, refusal },
      refusal.status,
    );
  }
};
