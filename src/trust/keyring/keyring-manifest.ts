/**
 * `keyring.json`: which keys exist, for what, since when and from when they are used. Read
 * strictly: a manifest that does not have exactly this shape stops the start-up, rather than
 * signing with a key nobody meant.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fail } from '../../core/fail.js';

export interface ManifestEntry {
  readonly id: string;
  readonly use: 'signing' | 'encryption';
  readonly createdAt: string;
  readonly activatesAt: string;
}

export interface KeyringManifest {
  readonly keys: readonly ManifestEntry[];
}

export function readKeyringManifest(dir: string): KeyringManifest {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(join(dir, 'keyring.json'), 'utf8'));
  } catch (error) {
    throw invalid(`keyring.json unreadable: ${String(error)}`);
  }
  const keys = (value as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys) || keys.length === 0 || !keys.every(isEntry))
    throw invalid('keyring.json does not have the expected shape');
  return { keys };
}

function isEntry(value: unknown): value is ManifestEntry {
  const e = value as Partial<Record<keyof ManifestEntry, unknown>> | null;
  return (
    e !== null
    && typeof e === 'object'
    && typeof e.id === 'string'
    && /^[0-9a-f]{16}$/.test(e.id)
    && (e.use === 'signing' || e.use === 'encryption')
    && isDate(e.createdAt)
    && isDate(e.activatesAt)
  );
}

function isDate(value: unknown): boolean {
  return typeof value === 'string' && !Number.isNaN(Date.parse(value));
}

const invalid = (detail: string) =>
  fail('ERR_KEYRING_INVALID', 'Trousseau de clés SAML illisible ou incohérent.', detail);
