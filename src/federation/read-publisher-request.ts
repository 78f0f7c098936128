/**
 * Downstream, step 1: a publisher's AuthnRequest at `/saml/idp/sso`, read by trust against the
 * metadata of the registered SP it names (unknown SP, bad or missing signature, wrapping, an ACS
 * not in its metadata: refused before anything is sent anywhere).
 */
import { readSpAuthnRequest, type IncomingAuthnRequest, type VerifiedSpRequest } from '../trust/index.js';
import type { DownstreamSettings } from './downstream-settings.js';
import type { PartnerDirectory } from './partner-directory.js';

export interface PublisherRequest {
  readonly request: VerifiedSpRequest;
  /** The SP's technical distributor, as registered. */
  readonly distributorId: string;
}

export async function readPublisherRequest(
  partners: PartnerDirectory,
  settings: DownstreamSettings,
  incoming: IncomingAuthnRequest,
  now: Date,
): Promise<PublisherRequest> {
  let distributorId = '';
  const request = await readSpAuthnRequest(incoming, {
    findSp: async (entityId) => {
      const sp = await partners.spByEntityId(entityId, now);
      distributorId = sp?.distributorId ?? '';
      return sp?.metadata;
    },
    ssoUrl: settings.ssoUrl,
    requireSigned: settings.requireSignedRequests,
    now,
    skewSeconds: settings.skewSeconds,
  });
  return { request, distributorId };
}
