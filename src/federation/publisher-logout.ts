/**
 * Downstream Single Logout (saml-profiles §4.4): the broker, as IdP, tells a SAML publisher that
 * the session in which it received an assertion has ended, with a signed LogoutRequest naming
 * that assertion's NameID and SessionIndex, at the SP's SingleLogoutService from its metadata
 * only. The publisher's LogoutResponse comes back to the broker's IdP SLO endpoint.
 *
 * And the other way (saml-profiles §4.4.3.1): a publisher's own signed LogoutRequest at that
 * endpoint, verified against its metadata, answered with a signed LogoutResponse at its
 * SingleLogoutService once the session has ended.
 */
import { randomBytes } from 'node:crypto';
import {
  buildLogoutRequest,
  buildLogoutResponse,
  logoutEndpointFor,
  logoutMessageTo,
  readLogoutRequest,
  readLogoutResponse,
  type IncomingSamlMessage,
  type LogoutDelivery,
  type LogoutOutcome,
  type SpMetadata,
  type VerifiedLogoutRequest,
  type VerifiedLogoutResponse,
} from '../trust/index.js';
import type { DownstreamSettings } from './downstream-settings.js';
import type { PartnerDirectory } from './partner-directory.js';
import { definedFields } from '../core/defined-fields.js';

export interface PublisherLogoutTarget {
  readonly sp: SpMetadata;
  readonly nameId: string;
  readonly nameIdFormat: string;
  readonly sessionIndex: string;
}

export type LogoutHop = LogoutDelivery;

/** The signed LogoutRequest on its way to the SP; undefined when its metadata declares no SLO endpoint. */
export function logoutRequestToPublisher(
  settings: DownstreamSettings,
  target: PublisherLogoutTarget,
  relayState: string,
  now: Date,
): LogoutHop | undefined {
  const endpoint = logoutEndpointFor(target.sp.singleLogout, 'request');
  if (endpoint === undefined) return undefined;
  const xml = buildLogoutRequest({
    id: `_${randomBytes(16).toString('hex')}`,
    issuer: settings.idpEntityId,
    now,
    destination: endpoint.url,
    nameId: target.nameId,
    spNameQualifier: target.sp.entityId,
    ...(target.nameIdFormat === '' ? {} : { nameIdFormat: target.nameIdFormat }),
    sessionIndex: target.sessionIndex,
  });
  return logoutMessageTo(target.sp.singleLogout, { xml, kind: 'request', relayState }, settings.signing(now));
}

/** A publisher's LogoutResponse at the broker's IdP SLO endpoint, verified against its metadata. */
export async function readPublisherLogoutResponse(
  partners: PartnerDirectory,
  settings: DownstreamSettings & { readonly sloUrl: string },
  incoming: IncomingSamlMessage,
  now: Date,
): Promise<VerifiedLogoutResponse> {
  return readLogoutResponse(incoming, {
    findPartner: async (entityId) => (await partners.spByEntityId(entityId, now))?.metadata,
    destination: settings.sloUrl,
    now,
    skewSeconds: settings.skewSeconds,
  });
}

/** A publisher's LogoutRequest at the broker's IdP SLO endpoint, verified against its metadata. */
export async function readPublisherLogoutRequest(
  partners: PartnerDirectory,
  settings: DownstreamSettings & { readonly sloUrl: string },
  incoming: IncomingSamlMessage,
  now: Date,
): Promise<VerifiedLogoutRequest & { readonly partner: SpMetadata }> {
  const request = await readLogoutRequest(incoming, {
    findPartner: async (entityId) => (await partners.spByEntityId(entityId, now))?.metadata,
    destination: settings.sloUrl,
    now,
    skewSeconds: settings.skewSeconds,
  });
  return request as VerifiedLogoutRequest & { readonly partner: SpMetadata };
}

/** The signed LogoutResponse to a publisher's LogoutRequest; undefined when its metadata declares no SLO. */
export function logoutResponseToPublisher(
  settings: DownstreamSettings,
  answered: VerifiedLogoutRequest & { readonly partner: SpMetadata },
  status: LogoutOutcome,
  now: Date,
): LogoutDelivery | undefined {
  const endpoint = logoutEndpointFor(answered.partner.singleLogout, 'response');
  if (endpoint === undefined) return undefined;
  const xml = buildLogoutResponse({
    id: `_${randomBytes(16).toString('hex')}`,
    issuer: settings.idpEntityId,
    destination: endpoint.url,
    now,
    inResponseTo: answered.id,
    status,
  });
  const relayState = answered.relayState;
  const message = { xml, kind: 'response' as const, ...definedFields({ relayState }) };
  return logoutMessageTo(answered.partner.singleLogout, message, settings.signing(now));
}
