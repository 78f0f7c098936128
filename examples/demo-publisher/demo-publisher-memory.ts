/**
 * What the demo publisher remembers, in memory and bounded: the openings of each person (by IDO),
 * the protocol keys that name them (a SAML NameID or SessionIndex, an OIDC `sid` or `sub`, a CAS
 * ticket), and the journal of the logouts the broker sent. A logout that names a known key makes
 * the publisher forget that person's openings, as a real publisher ends its local session; the
 * keys of the person's other protocols stay known, so that their own logouts, which the broker
 * sends for the same ended session, are recognised too.
 */
import type { Visit } from './demo-publisher-pages.js';

export type LogoutProtocol = 'saml' | 'oidc' | 'cas';

export interface LogoutEntry {
  readonly at: Date;
  readonly protocol: LogoutProtocol;
  /** What the message named: label and value, shown as they are (identifiers the pages already show). */
  readonly named: readonly (readonly [string, string])[];
  /** Whether it named an opening shown here (that person's openings are now forgotten). */
  readonly matched: boolean;
}

export interface PublisherMemory {
  /** Records an opening under the person's IDO and the protocol's keys; returns that person's earlier ones. */
  remember(ido: string, visit: Visit, keys: readonly string[]): readonly Visit[];
  /** A logout received: forgets the person its keys name, if any, and journals it. */
  loggedOut(protocol: LogoutProtocol, named: LogoutEntry['named'], keys: readonly string[]): LogoutEntry;
  /** The logouts received, the latest first. */
  journal(): readonly LogoutEntry[];
}

/** Demo memory, bounded: a long-running demo forgets rather than grows. */
const maxPeople = 1000;
const maxKeys = 5000;
const maxVisits = 20;
const maxJournal = 20;

export function createPublisherMemory(): PublisherMemory {
  const visits = new Map<string, Visit[]>();
  const owners = new Map<string, string>();
  const entries: LogoutEntry[] = [];
  return {
    remember(ido, visit, keys) {
      const earlier = visits.get(ido) ?? [];
      if (visits.size > maxPeople || owners.size > maxKeys) {
        visits.clear();
        owners.clear();
      }
      visits.set(ido, [...earlier.slice(-maxVisits), visit]);
      for (const key of keys) owners.set(key, ido);
      return earlier;
    },
    loggedOut(protocol, named, keys) {
      const ido = keys.map((key) => owners.get(key)).find((owner) => owner !== undefined);
      if (ido !== undefined) visits.delete(ido);
      for (const key of keys) owners.delete(key);
      const entry: LogoutEntry = { at: new Date(), protocol, named, matched: ido !== undefined };
      entries.unshift(entry);
      entries.splice(maxJournal);
      return entry;
    },
    journal: () => entries,
  };
}
