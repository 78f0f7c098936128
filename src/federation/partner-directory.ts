/**
 * The registered partners' metadata as the login flow reads it: re-read through trust from the
 * stored XML (never a parsed copy from the store), cached per entityID for a short while, and
 * unusable past its `validUntil`. The cache is per process; a change made by another node (or the
 * CLI) is seen within `cacheSeconds`.
 */
import { X509Certificate } from 'node:crypto';
import { readSamlMetadata, type IdpMetadata, type SpMetadata } from '../trust/index.js';
import { isPartnerUsable } from './is-partner-usable.js';
import type { SamlPartnerRecord, SamlPartnerStore } from './ports.js';

export interface RegisteredIdp {
  readonly entId: string;
  readonly metadata: IdpMetadata;
}
export interface RegisteredSp {
  readonly distributorId: string;
  readonly metadata: SpMetadata;
}

export interface PartnerDirectory {
  idpOfEnt(entId: string, now: Date): Promise<RegisteredIdp | undefined>;
  idpByEntityId(entityId: string, now: Date): Promise<RegisteredIdp | undefined>;
  spByEntityId(entityId: string, now: Date): Promise<RegisteredSp | undefined>;
  /** The ENT projects with a usable IdP (for the discovery page). */
  entsWithIdp(now: Date): Promise<readonly string[]>;
}

type Parsed =
  | { readonly role: 'idp'; readonly value: RegisteredIdp }
  | { readonly role: 'sp'; readonly value: RegisteredSp };

interface Entry {
  readonly loadedAt: string;
  readonly parsed: Parsed | undefined;
  readonly checkedAt: number;
  readonly validUntil?: string;
}

export function createPartnerDirectory(store: SamlPartnerStore, cacheSeconds = 30): PartnerDirectory {
  const byEntity = new Map<string, Entry>();
  const entIndex = new Map<string, { entityId: string | undefined; checkedAt: number }>();

  const lookup = async (entityId: string, now: Date): Promise<Parsed | undefined> => {
    const cached = byEntity.get(entityId);
    const fresh = cached !== undefined && now.getTime() - cached.checkedAt < cacheSeconds * 1000;
    const entry = fresh ? cached : await reload(store, entityId, cached, now);
    byEntity.set(entityId, entry);
    return isPartnerUsable(entry, now) ? entry.parsed : undefined;
  };

  return {
    async idpByEntityId(entityId, now) {
      const found = await lookup(entityId, now);
      return found?.role === 'idp' ? found.value : undefined;
    },
    async spByEntityId(entityId, now) {
      const found = await lookup(entityId, now);
      return found?.role === 'sp' ? found.value : undefined;
    },
    async idpOfEnt(entId, now) {
      const known = entIndex.get(entId);
      let entityId = known?.entityId;
      if (known === undefined || now.getTime() - known.checkedAt >= cacheSeconds * 1000) {
        entityId = (await store.findIdpOfEnt(entId))?.entityId;
        entIndex.set(entId, { entityId, checkedAt: now.getTime() });
      }
      if (entityId === undefined) return undefined;
      const found = await lookup(entityId, now);
      return found?.role === 'idp' && found.value.entId === entId ? found.value : undefined;
    },
    async entsWithIdp(now) {
      const records = await store.list('idp');
      return records
        .filter((r) => r.entId !== undefined && isPartnerUsable(r, now))
        .map((r) => r.entId as string)
        .sort();
    },
  };
}

async function reload(store: SamlPartnerStore, entityId: string, cached: Entry | undefined, now: Date): Promise<Entry> {
  const record = await store.find(entityId);
  if (record === undefined) return { loadedAt: '', parsed: undefined, checkedAt: now.getTime() };
  const validUntil = record.validUntil === undefined ? {} : { validUntil: record.validUntil };
  if (cached !== undefined && cached.loadedAt === record.loadedAt)
    return { ...cached, checkedAt: now.getTime(), ...validUntil };
  return { loadedAt: record.loadedAt, parsed: parse(record, now), checkedAt: now.getTime(), ...validUntil };
}

/** A record that no longer reads (expired, say) is treated as absent rather than half-used. */
function parse(record: SamlPartnerRecord, now: Date): Parsed | undefined {
  const signer = record.signerCertificatePem;
  const options = { now, ...(signer === undefined ? {} : { trustedSigners: [new X509Certificate(signer).publicKey] }) };
  try {
    if (record.role === 'idp' && record.entId !== undefined) {
      return {
        role: 'idp',
        value: { entId: record.entId, metadata: readSamlMetadata(record.metadataXml, { expected: 'idp', ...options }) },
      };
    }
    if (record.role === 'sp' && record.distributorId !== undefined) {
      return {
        role: 'sp',
        value: {
          distributorId: record.distributorId,
          metadata: readSamlMetadata(record.metadataXml, { expected: 'sp', ...options }),
        },
      };
    }
  } catch {
    return undefined;
  }
  return undefined;
}
