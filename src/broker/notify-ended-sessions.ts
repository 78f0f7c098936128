/**
 * The back-channel logout of broker sessions that end without a logout: idle or absolute expiry
 * (`login.sessionIdleMinutes`, `login.sessionMaxHours`), or a revocation whose back channels were
 * not told. CAS services get their LogoutRequest, OIDC clients their logout token. Run by a
 * scheduler (`cas.endedSessionCheckSeconds`) on every node: the store hands each ticket and each
 * participant of an ended session to one run only, deleting it as it is read, so no one is told twice.
 *
 * Bounded per run: a mass expiry (every pupil of a region logged in at 08:00, all ending at
 * 16:00) is sent in batches of `batchSize`, at most `maxBatches` per run; the rest waits for the
 * next run. Each batch is awaited before the next is taken, so at most `batchSize` POSTs are in
 * flight and a run never holds the event loop for long.
 */
import type { CasDeps } from './cas-deps.js';
import type { LoginContext } from './login-context.js';
import type { LoginDeps } from './login-deps.js';
import { sendTicketLogouts } from './send-ticket-logouts.js';

export interface EndedSessionBounds {
  readonly batchSize: number;
  readonly maxBatches: number;
}

const defaultBounds: EndedSessionBounds = { batchSize: 100, maxBatches: 10 };

/** Returns how many tickets were taken (and their services told); logs counts only. */
export async function notifyEndedSessions(
  cas: CasDeps,
  ctx: LoginContext,
  bounds: EndedSessionBounds = defaultBounds,
): Promise<number> {
  let taken = 0;
  for (let batch = 0; batch < bounds.maxBatches; batch += 1) {
    const tickets = await cas.tickets.takeOfEndedSessions(ctx.now, bounds.batchSize);
    await sendTicketLogouts(cas, tickets, ctx.now);
    taken += tickets.length;
    if (tickets.length < bounds.batchSize) break;
  }
  if (taken > 0) ctx.log.info({ event: 'cas.ended_sessions_notified', tickets: taken });
  return taken;
}

/** The OIDC clients of ended sessions, told by their back channel in bounded batches; returns how many. */
export async function notifyEndedOidcSessions(
  deps: Pick<LoginDeps, 'participants' | 'oidcBackchannel'>,
  ctx: LoginContext,
  bounds: EndedSessionBounds = defaultBounds,
): Promise<number> {
  const send = deps.oidcBackchannel;
  if (send === undefined) return 0;
  let taken = 0;
  for (let batch = 0; batch < bounds.maxBatches; batch += 1) {
    const participants = await deps.participants.takeOfEndedSessions(ctx.now, bounds.batchSize, 'oidc');
    if (participants.length > 0) await send(participants);
    taken += participants.length;
    if (participants.length < bounds.batchSize) break;
  }
  if (taken > 0) ctx.log.info({ event: 'oidc.ended_sessions_notified', clients: taken });
  return taken;
}
