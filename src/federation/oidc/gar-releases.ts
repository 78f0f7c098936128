/**
 * The release of one authorization, kept beside oidc-provider's models (same table, model
 * `GarRelease`, keyed by the grant id, expiring with the grant): what a person receives depends on
 * the resource and the establishment of *that* authorization, so tokens read it through their
 * grant and never from the account alone. Revoking the grant (a replayed code) deletes it too.
 */
import type { OidcPayloadStore } from '../ports.js';

const model = 'GarRelease';

export interface GarRelease {
  /** The IDO: the account and `sub` of this grant. */
  readonly accountId: string;
  /** GAR names → values, as in the SAML assertion. */
  readonly claims: Readonly<Record<string, readonly string[]>>;
}

export async function saveRelease(
  payloads: OidcPayloadStore,
  grantId: string,
  release: GarRelease,
  expiresAt: Date,
): Promise<void> {
  await payloads.upsert(model, grantId, { grantId, accountId: release.accountId, claims: release.claims }, expiresAt);
}

export async function findRelease(
  payloads: OidcPayloadStore,
  grantId: string,
  now: Date,
): Promise<GarRelease | undefined> {
  const stored = await payloads.find(model, grantId, now);
  if (
    stored === undefined
    || typeof stored['accountId'] !== 'string'
    || typeof stored['claims'] !== 'object'
    || stored['claims'] === null
  )
    return undefined;
  return { accountId: stored['accountId'], claims: stored['claims'] as GarRelease['claims'] };
}
