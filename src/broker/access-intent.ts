/**
 * The access intent: after `/domaineGar` checked the licence, the browser goes to the resource's
 * own URL, and the resource's AuthnRequest comes back later. The intent (resource, establishment,
 * SP) travels in a sealed cookie so that answer is tied to the click that caused it; it holds no
 * personal data, and its seal makes it tamper-evident. Ten minutes, then it is ignored. The
 * access decision (access-decision.ts) opens it once per access, in its resource step.
 */
import type { Sealer } from '../trust/index.js';

export interface AccessIntent {
  readonly idRessource: string;
  readonly uai: string;
  readonly spEntityId: string;
}

export const intentLifetimeSeconds = 600;

export function sealIntent(sealer: Sealer, intent: AccessIntent, now: Date): string {
  return sealer.seal(intent, new Date(now.getTime() + intentLifetimeSeconds * 1000));
}

export function openIntent(sealer: Sealer, sealed: string | undefined, now: Date): AccessIntent | undefined {
  if (sealed === undefined) return undefined;
  const value = sealer.open(sealed, now);
  if (typeof value !== 'object' || value === null) return undefined;
  const { idRessource, uai, spEntityId } = value as Record<string, unknown>;
  const wellFormed = typeof idRessource === 'string' && typeof uai === 'string' && typeof spEntityId === 'string';
  return wellFormed ? { idRessource, uai, spEntityId } : undefined;
}
