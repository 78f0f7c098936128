/**
 * Metadata registered from a URL is fetched again when its `refreshAfter` (planned by
 * next-refresh.ts) has passed; schedule-metadata-refresh.ts runs this in the server. A document
 * that fetches and reads (signature when a signer is configured, validUntil, same entityID…)
 * replaces the stored one through the usual registration, with its next refresh planned in the
 * same write; any failure keeps the previous document, is logged with its code (never the XML),
 * and is retried after a back-off.
 */
import { isBrokerError } from '../core/broker-error.js';
import type { Logger } from '../core/logger.js';
import type { MetadataFetcher } from './fetch-metadata.js';
import { isPartnerUsable } from './is-partner-usable.js';
import type { SamlPartnerRecord, SamlPartnerStore } from './ports.js';
import { registerSamlPartner } from './register-saml-partner.js';
import { definedFields } from '../core/defined-fields.js';

export interface RefreshDeps {
  readonly store: SamlPartnerStore;
  readonly fetch: MetadataFetcher;
  readonly refreshHours: number;
  readonly logger: Logger;
}

/** After a failure the partner is tried again this much later. */
export const refreshBackoffMinutes = 15;

export const refreshActor = 'system:metadata-refresh';

/**
 * Refreshes every URL partner that is due at `now`, one after the other; returns how many were
 * refreshed and how many failed. Once `stop` is aborted no further partner is started.
 */
export async function refreshDuePartners(
  deps: RefreshDeps,
  now: Date,
  stop?: AbortSignal,
): Promise<{ readonly refreshed: number; readonly failed: number }> {
  const due = (await deps.store.list()).filter(
    (r) => r.source.kind === 'url' && (r.refreshAfter === undefined || Date.parse(r.refreshAfter) <= now.getTime()),
  );
  let refreshed = 0;
  let failed = 0;
  for (const record of due) {
    if (stop?.aborted === true) break;
    if (await refreshOne(deps, record, now)) refreshed += 1;
    else failed += 1;
  }
  return { refreshed, failed };
}

async function refreshOne(deps: RefreshDeps, record: SamlPartnerRecord, now: Date): Promise<boolean> {
  if (record.source.kind !== 'url') return true;
  try {
    const metadataXml = await deps.fetch(record.source.url);
    const { record: saved, outcome } = await registerSamlPartner(
      {
        role: record.role,
        ...definedFields({ entId: record.entId, distributorId: record.distributorId }),
        source: record.source,
        metadataXml,
        replaces: record.entityId,
        ...definedFields({ signerCertificatePem: record.signerCertificatePem }),
      },
      { store: deps.store, now, actor: refreshActor, refreshHours: deps.refreshHours },
    );
    deps.logger.info({
      event: 'saml_partner.refreshed',
      entityId: record.entityId,
      outcome,
      refreshAfter: saved.refreshAfter,
    });
    return true;
  } catch (error) {
    const retryAt = new Date(now.getTime() + refreshBackoffMinutes * 60_000).toISOString();
    await deps.store.deferRefresh(record.entityId, retryAt);
    deps.logger.warn({
      event: 'saml_partner.refresh_failed',
      entityId: record.entityId,
      ...failureOf(error),
      retryAt,
      usable: isPartnerUsable(record, now),
    });
    return false;
  }
}

/**
 * The code, and for fetch failures their detail (host and HTTP status or error name). Other
 * details are not logged: a parser's could quote the document.
 */
function failureOf(error: unknown): { readonly code: string; readonly detail?: string } {
  if (!isBrokerError(error)) return { code: 'unexpected', detail: error instanceof Error ? error.name : typeof error };
  return error.code.startsWith('ERR_METADATA_FETCH_') && error.detail !== undefined
    ? { code: error.code, detail: error.detail }
    : { code: error.code };
}
