/**
 * The broker's own SAML keys: one to sign (assertions, responses, requests to ENTs), one that
 * partners encrypt to. They are made at first start under `saml.keysDir`, never logged, and
 * rotated without a flag day (gar-reference §4: "metadata must publish the next key ahead of the
 * switch"): `rotateBrokerKey` adds a key that is published at once but used only from
 * `activatesAt`, after the overlap, when partners have refreshed our metadata.
 *
 * On disk: one PEM certificate and one PEM private key (mode 0600) per key, and `keyring.json`,
 * the manifest of ids and dates, replaced atomically (write then rename).
 */
import { generateKeyPairSync, type KeyObject, type X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fail } from '../../core/fail.js';
import { certificateFingerprint } from '../pki/certificate-fingerprint.js';
import { createCertificate } from '../pki/create-certificate.js';
import { loadOrCreatePemPair } from '../pki/load-or-create-pem-pair.js';
import { readKeyringManifest, type KeyringManifest, type ManifestEntry } from './keyring-manifest.js';

export type KeyUse = 'signing' | 'encryption';

export interface BrokerKey {
  /** The first 16 hex characters of the certificate's SHA-256 fingerprint. */
  readonly id: string;
  readonly use: KeyUse;
  readonly certificatePem: string;
  readonly certificate: X509Certificate;
  /** Parsed once: passing PEM text on each call makes signing 3× and verifying 6× slower. */
  readonly privateKey: KeyObject;
  readonly createdAt: Date;
  readonly activatesAt: Date;
}

export interface BrokerKeyring {
  readonly keys: readonly BrokerKey[];
}

/** Certificates outlive a yearly rotation with room to spare; metadata, not the date, retires them. */
const certificateYears = 3;

export function loadOrCreateKeyring(dir: string, now: Date): BrokerKeyring {
  const manifest = existsSync(join(dir, 'keyring.json')) ? readKeyringManifest(dir) : createManifest(dir, now);
  return { keys: manifest.keys.map((entry) => loadKey(dir, entry)) };
}

/** Adds a new key of `use`, published now, used from `now + overlapDays`. Returns the keyring after it. */
export function rotateBrokerKey(dir: string, use: KeyUse, overlapDays: number, now: Date): BrokerKeyring {
  const manifest = readKeyringManifest(dir);
  const activatesAt = new Date(now.getTime() + overlapDays * 86_400_000);
  const entry = makeKey(dir, use, now, activatesAt);
  writeManifest(dir, { keys: [...manifest.keys, entry] });
  return loadOrCreateKeyring(dir, now);
}

/** The key to use now: of those already active, the latest to activate. */
export function activeKey(keyring: BrokerKeyring, use: KeyUse, now: Date): BrokerKey {
  const active = keyring.keys
    .filter((k) => k.use === use && k.activatesAt.getTime() <= now.getTime())
    .sort((a, b) => b.activatesAt.getTime() - a.activatesAt.getTime());
  const key = active[0];
  if (key === undefined) throw fail('ERR_KEYRING_INVALID', 'Aucune clé active pour cet usage.', use);
  return key;
}

/**
 * What the metadata publishes: the active key and every later one (announced ahead of use);
 * keys superseded by an active successor are no longer published.
 */
export function publishedKeys(keyring: BrokerKeyring, use: KeyUse, now: Date): readonly BrokerKey[] {
  const current = activeKey(keyring, use, now);
  return keyring.keys
    .filter((k) => k.use === use && k.activatesAt.getTime() >= current.activatesAt.getTime())
    .sort((a, b) => a.activatesAt.getTime() - b.activatesAt.getTime());
}

function createManifest(dir: string, now: Date): KeyringManifest {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const manifest = { keys: [makeKey(dir, 'signing', now, now), makeKey(dir, 'encryption', now, now)] };
  writeManifest(dir, manifest);
  return manifest;
}

function makeKey(dir: string, use: KeyUse, now: Date, activatesAt: Date): ManifestEntry {
  const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const notAfter = new Date(now);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + certificateYears);
  const { pem, certificate } = createCertificate({
    subject: { commonName: `gar-broker SAML ${use}`, organizationName: 'gar-broker' },
    publicKey: keys.publicKey,
    privateKey: keys.privateKey,
    notBefore: now,
    notAfter,
    usage: use === 'signing' ? 'saml-signing' : 'saml-encryption',
  });
  const id = certificateFingerprint(certificate).slice(0, 16);
  loadOrCreatePemPair(files(dir, use, id), () => ({
    certPem: pem,
    keyPem: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  }));
  return { id, use, createdAt: now.toISOString(), activatesAt: activatesAt.toISOString() };
}

function loadKey(dir: string, entry: ManifestEntry): BrokerKey {
  if (!existsSync(files(dir, entry.use, entry.id).keyFile)) {
    throw fail(
      'ERR_KEYRING_INVALID',
      'Trousseau de clés incomplet : un fichier de clé manque.',
      `${entry.use}-${entry.id}`,
    );
  }
  const pair = loadOrCreatePemPair(files(dir, entry.use, entry.id), () => {
    throw new Error('unreachable: both files exist');
  });
  if (certificateFingerprint(pair.certificate).slice(0, 16) !== entry.id) {
    throw fail(
      'ERR_KEYRING_INVALID',
      'Trousseau de clés incohérent : un certificat ne correspond pas au manifeste.',
      `${entry.use}-${entry.id}`,
    );
  }
  return {
    id: entry.id,
    use: entry.use,
    certificatePem: pair.certPem,
    certificate: pair.certificate,
    privateKey: pair.privateKey,
    createdAt: new Date(entry.createdAt),
    activatesAt: new Date(entry.activatesAt),
  };
}

function files(dir: string, use: KeyUse, id: string) {
  return { certFile: join(dir, `${use}-${id}.crt`), keyFile: join(dir, `${use}-${id}.key`) };
}

function writeManifest(dir: string, manifest: KeyringManifest): void {
  const temporary = join(dir, `keyring.json.${process.pid}.tmp`);
  writeFileSync(temporary, `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, join(dir, 'keyring.json'));
}
