/**
 * The broker session that decided an authorization, carried from the interaction route to the
 * resume that issues the code inside the interaction's result: oidc-provider keeps that result
 * server-side with the interaction and hands it back as `ctx.oidc.result`, so no browser can
 * choose it. recordOidcParticipants reads it there.
 */
import type { InteractionResults } from 'oidc-provider';
import { definedFields } from '../../core/defined-fields.js';

const key = 'garBrokerSession';

export interface InteractionBrokerSession {
  readonly sessionHash: string;
  /** The broker session's absolute end, when the broker gave it. */
  readonly expiresAt?: Date;
}

export function brokerSessionResult(sessionHash: string, expiresAt: Date | undefined): InteractionResults {
  return { [key]: { sessionHash, expiresAt: expiresAt?.getTime() } };
}

export function readBrokerSessionResult(result: InteractionResults | undefined): InteractionBrokerSession | undefined {
  const stored = result?.[key] as { sessionHash?: unknown; expiresAt?: unknown } | undefined;
  if (typeof stored?.sessionHash !== 'string') return undefined;
  const expiresAt = typeof stored.expiresAt === 'number' ? new Date(stored.expiresAt) : undefined;
  return { sessionHash: stored.sessionHash, ...definedFields({ expiresAt }) };
}
