/**
 * Metadata registered from a URL is fetched again when its `refreshAfter` has passed (issue 4:
 * "URLs refreshed on a schedule"). A document that fetches and reads (signature when a signer is
 * configured, validUntil…) replaces the stored one through the usual registration; any failure
 * keeps the previous document, is logged with its code, and is retried after a back-off. The next
 * refresh is never after the document's own validUntil.
 */
import { isBrokerError } from '../core/broker-error.js';
import type { Logger } from '../core/logger.js';
import type { MetadataFetcher } from './fetch-metadata.js';
import type { SamlPartnerRecord, SamlPartnerStore } from './ports.js';
import { registerSamlPartner } from './register-saml-partner.js';

export interface RefreshDeps {
  readonly store: SamlPartnerStore;
  readonly fetch: MetadataFetcher;
  readonly refreshHours: number;
  readonly logger: Logger;
}

/** After a failure the partner is tried again this much later. */
export const refreshBackoffMinutes = 15;

export const refreshActor = 'system:metadata-refresh';

export function nextRefresh(now: Date, refreshHours: number, validUntil?: string): string {
  const planned = now.getTime() + refreshHours * 3_600_000;
  const limit = validUntil === undefined ? planned : Date.parse(validUntil);
  return new Date(Math.max(now.getTime(), Math.min(planned, limit))).toISOString();
}

/** Refreshes every URL partner that is due at `now`; returns how many were refreshed and how many failed. */
export async function refreshDuePartners(deps: RefreshDeps, now: Date): Promise<{ readonly refreshed: number; readonly failed: number }> {
  const due = (await deps.store.list()).filter((r) => r.source.kind === 'url' && (r.refreshAfter === undefined || Date.parse(r.refreshAfter) <= now.getTime()));
  let failed = 0;
  for (const record of due) {
    if (!await refreshOne(deps, record, now)) failed += 1;
  }
  return { refreshed: due.length - failed, failed };
}

async function refreshOne(deps: RefreshDeps, record: SamlPartnerRecord, now: Date): Promise<boolean> {
  const url = record.source.kind === 'url' ? record.source.url : '';
  try {
    const metadataXml = await deps.fetch(url);
    const { record: saved, outcome } = await registerSamlPartner({
      role: record.role, ...(record.entId === undefined ? {} : { entId: record.entId }),
      ...(record.distributorId === undefined ? {} : { distributorId: record.distributorId }),
      source: record.source, metadataXml, ...(record.signerCertificatePem === undefined ? {} : { signerCertificatePem: record.signerCertificatePem }),
      refreshAfter: nextRefresh(now, deps.refreshHours),
    }, { store: deps.store, now, actor: refreshActor });
    const capped = nextRefresh(now, deps.refreshHours, saved.validUntil);
    if (capped !== saved.refreshAfter) await deps.store.deferRefresh(saved.entityId, capped);
    deps.logger.info({ event: 'saml_partner.refreshed', entityId: record.entityId, outcome });
    return true;
  } catch (error) {
    const retry = new Date(now.getTime() + refreshBackoffMinutes * 60_000).toISOString();
    await deps.store.deferRefresh(record.entityId, retry);
    deps.logger.warn({ event: 'saml_partner.refresh_failed', entityId: record.entityId, code: isBrokerError(error) ? error.code : 'ERR_METADATA_FETCH_FAILED', retryAt: retry });
    return false;
  }
}

/** Runs `refreshDuePartners` every `checkMinutes` (one run at a time); `stop()` ends it. */
export function scheduleMetadataRefresh(deps: RefreshDeps, clock: { now(): Date }, checkMinutes: number): { stop(): void } {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    refreshDuePartners(deps, clock.now())
      .catch((error: unknown) => deps.logger.warn({ event: 'saml_partner.refresh_run_failed', detail: String(error) }))
      .finally(() => { running = false; });
  }, checkMinutes * 60_000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
