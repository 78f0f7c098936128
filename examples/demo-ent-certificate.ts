/**
 * The demo ENT's TLS client certificate for the broker's médiacentre web service (gar-reference
 * §6): issued by the broker's partner CA and registered for partner kind `ent`, id DEMO, as
 * `gar-broker partner issue-cert --kind ent --id DEMO` does. Made once under `var/demo/keys/`
 * and re-used: every registration is an audited security decision, so a new certificate at each
 * start would pile them up. A certificate that can no longer authenticate (expired, revoked, key
 * lost, or signed by a partner CA that was replaced since) is issued again.
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrokerConfig } from '../src/config/index.js';
import { createPartnerCertificateStore, type Store } from '../src/store/index.js';
import {
  describeCertificate,
  issuePartnerCertificate,
  loadOrCreatePartnerCa,
  type PartnerCa,
  type PartnerCertificateRecord,
  type PartnerCertificateStore,
} from '../src/trust/index.js';
import { demoEntId, demoEntName } from './demo-catalogue.js';

/** `disabled`: no web services in the configuration, so no certificate either. */
export type EntCertificateOutcome = 'issued' | 'registered' | 'reused' | 'disabled';

export interface DemoClientCertificate {
  readonly certPem: string;
  readonly keyPem: string;
}

export interface EntCertificatePlace {
  readonly dataDir: string;
  readonly at: Date;
  readonly actor: string;
}

const tenYears = 3650;
/** Re-issued a day before it ends, so a demo left running overnight does not stop at midnight. */
const renewMarginMs = 86_400_000;

export async function provideDemoEntCertificate(
  store: Store,
  config: BrokerConfig,
  place: EntCertificatePlace,
): Promise<{ readonly outcome: EntCertificateOutcome; readonly certificate?: DemoClientCertificate }> {
  if (!config.webServices.enabled) return { outcome: 'disabled' };
  const files = {
    cert: join(place.dataDir, 'keys', 'ent-mediacentre.crt'),
    key: join(place.dataDir, 'keys', 'ent-mediacentre.key'),
  };
  // The broker made its partner CA when it started; this only reads it back.
  const ca = loadOrCreatePartnerCa(config.webServices.partnerCa, place.at);
  const registry = createPartnerCertificateStore(store);
  const kept = readUsable(files, ca, place.at);
  if (kept !== undefined) {
    const record = await registry.findCertificate(describeCertificate(kept.certPem).fingerprint);
    if (record !== undefined && isOurs(record)) return { outcome: 'reused', certificate: kept };
    // Known but revoked, or for another partner: never re-used, a new one is issued below.
    if (record === undefined) {
      // The files outlived the database (a fresh store): the same certificate is registered again.
      await register(registry, kept.certPem, place);
      return { outcome: 'registered', certificate: kept };
    }
  }
  const issued = issuePartnerCertificate(ca, {
    partnerId: demoEntId,
    partnerName: demoEntName,
    days: tenYears,
    now: place.at,
  });
  const certificate = { certPem: issued.certificatePem, keyPem: issued.privateKeyPem };
  mkdirSync(join(place.dataDir, 'keys'), { recursive: true, mode: 0o700 });
  writeFileSync(files.key, certificate.keyPem, { mode: 0o600 });
  writeFileSync(files.cert, certificate.certPem);
  await register(registry, certificate.certPem, place);
  return { outcome: 'issued', certificate };
}

const isOurs = (record: PartnerCertificateRecord): boolean =>
  record.partnerKind === 'ent' && record.partnerId === demoEntId && record.revokedAt === null;

/** The pair on disk when it can still authenticate: key and certificate match, signed by this CA, not ending soon. */
function readUsable(
  files: { readonly cert: string; readonly key: string },
  ca: PartnerCa,
  at: Date,
): DemoClientCertificate | undefined {
  if (!existsSync(files.cert) || !existsSync(files.key)) return undefined;
  try {
    const pair = { certPem: readFileSync(files.cert, 'utf8'), keyPem: readFileSync(files.key, 'utf8') };
    const certificate = new X509Certificate(pair.certPem);
    const usable =
      certificate.checkPrivateKey(createPrivateKey(pair.keyPem))
      && certificate.verify(ca.certificate.publicKey)
      && new Date(certificate.validTo).getTime() - renewMarginMs > at.getTime();
    return usable ? pair : undefined;
  } catch {
    // Unreadable files are demo files: made again rather than explained.
    return undefined;
  }
}

async function register(registry: PartnerCertificateStore, certPem: string, place: EntCertificatePlace): Promise<void> {
  const d = describeCertificate(certPem);
  await registry.addCertificate(
    {
      fingerprint: d.fingerprint,
      partnerKind: 'ent',
      partnerId: demoEntId,
      origin: 'issued',
      subject: d.subject,
      serial: d.serial,
      notBefore: d.notBefore.toISOString(),
      notAfter: d.notAfter.toISOString(),
      createdAt: place.at.toISOString(),
      revokedAt: null,
    },
    demoEntName,
    place.actor,
  );
}
