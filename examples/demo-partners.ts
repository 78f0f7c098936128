/**
 * The demo partners in the broker's federation registry, as `partner metadata add` registers
 * them: the demo ENT's IdP for ENT project DEMO, the demo publisher's SP for its distributor.
 * When a demo port changed since the last start, the entityIDs changed with it: the stale demo
 * entries are removed first (one IdP per ENT project).
 */
import { registerSamlPartner, type SamlPartnerSaveOutcome } from '../src/federation/index.js';
import { createSamlPartnerStore, type Store } from '../src/store/index.js';
import { demoDistributor, demoEntId } from './demo-catalogue.js';

export interface PartnersSeedReport {
  readonly idp: SamlPartnerSaveOutcome;
  readonly sp: SamlPartnerSaveOutcome;
  readonly removed: readonly string[];
}

export interface DemoMetadata {
  readonly ent: { readonly entityId: string; readonly xml: string };
  readonly publisher: { readonly entityId: string; readonly xml: string };
}

export async function registerDemoPartners(
  store: Store,
  metadata: DemoMetadata,
  at: Date,
  actor: string,
): Promise<PartnersSeedReport> {
  const partners = createSamlPartnerStore(store);
  const stale = [
    ...(await partners.list('idp')).filter((p) => p.entId === demoEntId && p.entityId !== metadata.ent.entityId),
    ...(await partners.list('sp')).filter(
      (p) => p.distributorId === demoDistributor.id && p.entityId !== metadata.publisher.entityId,
    ),
  ].map((p) => p.entityId);
  for (const entityId of stale) await partners.remove(entityId, actor, at);
  const deps = { store: partners, now: at, actor };
  const idp = await registerSamlPartner(
    { role: 'idp', entId: demoEntId, source: { kind: 'cli' }, metadataXml: metadata.ent.xml },
    deps,
  );
  const sp = await registerSamlPartner(
    { role: 'sp', distributorId: demoDistributor.id, source: { kind: 'cli' }, metadataXml: metadata.publisher.xml },
    deps,
  );
  return { idp: idp.outcome, sp: sp.outcome, removed: stale };
}
