/**
 * The broker's SAML keys as `gar-broker keys show` prints them (gar-reference §4: the next key is
 * published ahead of the switch): each key's use, id, certificate fingerprint, when it was
 * published, from when it is used, and when a successor superseded it. Public facts only: the
 * rows are built here and the private keys never reach a view.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  activeKey,
  certificateFingerprint,
  loadOrCreateKeyring,
  publishedKeys,
  type BrokerKey,
  type BrokerKeyring,
  type KeyUse,
} from '../../trust/index.js';
import type { OperatorHandler } from './operator-deps.js';
import { groupedFingerprint, renderOperatorPage } from './operator-render.js';

export type KeyState = 'active' | 'next' | 'retired';

export interface KeyStatusRow {
  readonly use: KeyUse;
  readonly id: string;
  readonly fingerprint: string;
  readonly publishedFrom: string;
  readonly activeFrom: string;
  /** When the next key of the same use took over (retired keys). */
  readonly supersededAt?: string;
  readonly state: KeyState;
  readonly certificateValidUntil: string;
}

function rowOf(key: BrokerKey, keyring: BrokerKeyring, now: Date): KeyStatusRow {
  const active = activeKey(keyring, key.use, now);
  const published = publishedKeys(keyring, key.use, now).some((k) => k.id === key.id);
  const state: KeyState = key.id === active.id ? 'active' : published ? 'next' : 'retired';
  const successor = keyring.keys
    .filter((k) => k.use === key.use && k.activatesAt > key.activatesAt && k.activatesAt <= now)
    .sort((a, b) => a.activatesAt.getTime() - b.activatesAt.getTime())[0];
  return {
    use: key.use,
    id: key.id,
    fingerprint: certificateFingerprint(key.certificate),
    state,
    publishedFrom: key.createdAt.toISOString(),
    activeFrom: key.activatesAt.toISOString(),
    ...(state === 'retired' && successor ? { supersededAt: successor.activatesAt.toISOString() } : {}),
    certificateValidUntil: new Date(key.certificate.validTo).toISOString(),
  };
}

/** Signing keys first, each use in the order the keys were made. */
export function keyStatusRows(keyring: BrokerKeyring, now: Date): readonly KeyStatusRow[] {
  return (['signing', 'encryption'] as const).flatMap((use) =>
    keyring.keys.filter((k) => k.use === use).map((k) => rowOf(k, keyring, now)),
  );
}

/**
 * Reads the keyring of `dir` when it exists (the login module made it at start); the console
 * never makes keys itself.
 */
export function keyringReader(dir: string): (now: Date) => BrokerKeyring | undefined {
  const folder = resolve(dir);
  return (now) => (existsSync(join(folder, 'keyring.json')) ? loadOrCreateKeyring(folder, now) : undefined);
}

export const keysPage: OperatorHandler = (deps, kit) => (_req, res) => {
  const now = kit.clock.now();
  const keyring = deps.keyring?.(now);
  const rows =
    keyring === undefined
      ? undefined
      : keyStatusRows(keyring, now).map((r) => ({ ...r, grouped: groupedFingerprint(r.fingerprint) }));
  renderOperatorPage(kit, res, 'operator-keys', 'keys', { rows });
};
