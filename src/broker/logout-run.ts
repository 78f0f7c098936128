/**
 * A front-channel logout through the browser (saml-profiles §4.4.3.4, as the IdP propagating a
 * logout): the SAML publishers of ended sessions are told one after the other, each in a frame of
 * the broker's page, each given `logout.frontChannelSeconds` to answer before the next, then the
 * browser goes where the logout was heading (`continuation`: the ENT's LogoutResponse, the next
 * pupil's login, the logged-out page).
 *
 * | request                      | answer                                                         |
 * |------------------------------|----------------------------------------------------------------|
 * | `/logout/run/<id>`           | the page: one frame per publisher, in turn (logout-run page)   |
 * | `/logout/run/<id>/<n>`       | frame n: the signed LogoutRequest to publisher n's SLO endpoint |
 * | `/saml/idp/slo` (response)   | the publisher's LogoutResponse, verified; the frame says done   |
 * | `/logout/run/<id>/done`      | the continuation, once                                         |
 *
 * The run's id is random (32 bytes) and lives only in the URL; the store keeps its SHA-256. A run
 * lives a few minutes: what it holds (NameIDs, a waiting answer) is gone with it.
 */
import { randomBytes } from 'node:crypto';
import { fail } from '../core/fail.js';
import { logoutRequestToPublisher } from '../federation/index.js';
import { cookieDigest } from './cookie-digest.js';
import { continueWith } from './end-sessions.js';
import type { LoginContext } from './login-context.js';
import type { LoginDeps } from './login-deps.js';
import type { LoginOutcome } from './login-outcome.js';
import type { LogoutContinuation, LogoutRun, SessionParticipant } from './ports.js';

const runIdPattern = /^[A-Za-z0-9_-]{43}$/;
/** The page's own time beyond the publishers' turns: a run is forgotten after this much more. */
const runGraceSeconds = 120;

/** What the logout page shows: the frames to load in turn, and where to go afterwards. */
export interface LogoutRunPage {
  readonly frames: readonly string[];
  /** The origins of the publishers' SLO endpoints (the page's frame-src). */
  readonly origins: readonly string[];
  readonly waitSeconds: number;
  readonly doneUrl: string;
}

type SamlParticipant = Extract<SessionParticipant, { kind: 'saml' }>;

/** Stores the run and returns the page's path. */
export async function openLogoutRun(
  deps: LoginDeps,
  ctx: LoginContext,
  participants: readonly SamlParticipant[],
  continuation: LogoutContinuation,
): Promise<string> {
  const id = newRunId();
  const lifetime = participants.length * deps.logout.frontChannelSeconds + runGraceSeconds;
  const run: LogoutRun = {
    idHash: cookieDigest(id),
    participants,
    continuation,
    createdAt: ctx.now,
    expiresAt: new Date(ctx.now.getTime() + lifetime * 1000),
  };
  await deps.logoutRuns.open(run);
  ctx.log.info({ event: 'logout.front_channel_started', publishers: participants.length });
  return `/logout/run/${id}`;
}

/**
 * A logout run with no publisher left, only where to go: its id travels as RelayState through the
 * ENT's Single Logout, and `finishLogoutRun` (at the ENT's LogoutResponse) gives the browser back.
 */
export async function openReturn(
  deps: LoginDeps,
  ctx: LoginContext,
  id: string,
  continuation: LogoutContinuation,
): Promise<void> {
  await deps.logoutRuns.open({
    idHash: cookieDigest(id),
    participants: [],
    continuation,
    createdAt: ctx.now,
    expiresAt: new Date(ctx.now.getTime() + deps.upstream.transactionMinutes * 60_000),
  });
}

/** A run's id: 32 random bytes, only in the browser's URL or RelayState (the store keeps its SHA-256). */
export function newRunId(): string {
  return randomBytes(32).toString('base64url');
}

export async function logoutRunPage(deps: LoginDeps, ctx: LoginContext, id: string): Promise<LogoutRunPage> {
  const run = await liveRun(deps, ctx, id);
  const origins = new Set<string>();
  for (const p of run.participants) {
    const sp = await deps.partners.spByEntityId(p.partnerId, ctx.now);
    for (const endpoint of sp?.metadata.singleLogout ?? []) origins.add(new URL(endpoint.location).origin);
  }
  return {
    frames: run.participants.map((_, n) => `/logout/run/${id}/${n}`),
    origins: [...origins],
    waitSeconds: deps.logout.frontChannelSeconds,
    doneUrl: `/logout/run/${id}/done`,
  };
}

/** Frame n: the signed LogoutRequest to the publisher (or the frame's end when it is gone). */
export async function logoutRunHop(deps: LoginDeps, ctx: LoginContext, id: string, n: number): Promise<LoginOutcome> {
  const run = await liveRun(deps, ctx, id);
  const participant = run.participants[n];
  if (participant === undefined) throw runUnknown(`no participant ${n}`);
  const sp = await deps.partners.spByEntityId(participant.partnerId, ctx.now);
  const hop =
    sp === undefined
      ? undefined
      : logoutRequestToPublisher(
          deps.downstream,
          {
            sp: sp.metadata,
            nameId: participant.nameId,
            nameIdFormat: participant.nameIdFormat,
            sessionIndex: participant.sessionIndex,
          },
          id,
          ctx.now,
        );
  ctx.log.info({ event: 'logout.publisher_asked', sp: participant.partnerId, sent: hop !== undefined });
  if (hop === undefined) return { kind: 'logout-frame-done', cookies: [] };
  return hop.kind === 'redirect'
    ? { kind: 'redirect', location: hop.location, cookies: [] }
    : { kind: 'post', post: { action: hop.action, fields: hop.fields }, cookies: [] };
}

/** The end of the run: where the logout was heading, once (a second call gets the logged-out page). */
export async function finishLogoutRun(deps: LoginDeps, ctx: LoginContext, id: string): Promise<LoginOutcome> {
  const run = runIdPattern.test(id) ? await deps.logoutRuns.finish(cookieDigest(id), ctx.now) : undefined;
  if (run === undefined) return { kind: 'logged-out', cookies: [] };
  ctx.log.info({
    event: 'logout.front_channel_finished',
    publishers: run.participants.length,
    then: run.continuation.kind,
  });
  return continueWith(run.continuation, []);
}

async function liveRun(deps: LoginDeps, ctx: LoginContext, id: string): Promise<LogoutRun> {
  const run = runIdPattern.test(id) ? await deps.logoutRuns.find(cookieDigest(id), ctx.now) : undefined;
  if (run === undefined) throw runUnknown('no live logout run');
  return run;
}

function runUnknown(detail: string): Error {
  return fail('ERR_LOGOUT_RUN_UNKNOWN', 'Cette déconnexion est terminée ou inconnue.', detail);
}
