/**
 * The partner a request was authenticated as, for the routes that run after authenticatePartner,
 * and the audit context of its changes.
 */
import type { Response } from 'express';
import type { Clock } from '../../core/clock.js';
import type { AuditContext } from '../ports.js';

/** The authenticated distributor (set by authenticatePartner, which runs first). */
export function caller(res: Response): string {
  const partner = res.locals.partner;
  if (partner === undefined) throw new Error('partner web service reached without an authenticated partner');
  return partner.id;
}

export function audit(clock: Clock, res: Response): AuditContext {
  return { actor: `distributor:${caller(res)}`, at: clock.now(), correlationId: res.locals.correlationId };
}
