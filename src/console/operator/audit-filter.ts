/**
 * The audit trail's filter form (query string): actor and action prefixes, a target substring,
 * and a range of days in Paris time (`du` and `au` included). Bounded; a day out of form is
 * ERR_CONSOLE_FORM_INVALID.
 */
import type { Request } from 'express';
import type { AuditFilter } from '../operator-ports.js';
import { toFrenchLocalDateTime } from '../../subscriptions/index.js';
import { formInvalid, queryText } from './operator-form.js';

/** The form as typed (shown back in its fields and kept by the pager). */
export interface AuditFilterForm {
  readonly acteur: string;
  readonly action: string;
  readonly cible: string;
  readonly du: string;
  readonly au: string;
}

export function readAuditFilterForm(req: Request): AuditFilterForm {
  return {
    acteur: queryText(req, 'acteur', 200),
    action: queryText(req, 'action', 100),
    cible: queryText(req, 'cible', 300),
    du: queryText(req, 'du', 10),
    au: queryText(req, 'au', 10),
  };
}

const dayMs = 86_400_000;

function checkedDay(day: string): number {
  const at = /^\d{4}-\d{2}-\d{2}$/.test(day) ? Date.parse(`${day}T00:00:00.000Z`) : Number.NaN;
  // 2025-02-30 parses in some engines: the day must come back as written.
  if (Number.isNaN(at) || new Date(at).toISOString().slice(0, 10) !== day)
    formInvalid('operator.audit.error.day', 'Date invalide : AAAA-MM-JJ attendu.');
  return at;
}

/** The instant Paris's day starts (midnight there is 22:00 or 23:00 UTC the day before). */
function parisDayStart(utcMidnight: number): string {
  const offset = Date.parse(`${toFrenchLocalDateTime(new Date(utcMidnight))}Z`) - utcMidnight;
  return new Date(utcMidnight - offset).toISOString();
}

export function auditFilterOf(form: AuditFilterForm): AuditFilter {
  return {
    ...(form.acteur ? { actorPrefix: form.acteur } : {}),
    ...(form.action ? { actionPrefix: form.action } : {}),
    ...(form.cible ? { targetContains: form.cible } : {}),
    ...(form.du ? { from: parisDayStart(checkedDay(form.du)) } : {}),
    ...(form.au ? { until: parisDayStart(checkedDay(form.au) + dayMs) } : {}),
  };
}
