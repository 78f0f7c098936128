/**
 * Upstream Single Logout (saml-profiles §4.4), the broker as SP of the ENTs: an ENT's signed
 * LogoutRequest at the broker's SP SLO endpoint, verified by trust against the metadata of the
 * IdP it claims to come from; the LogoutResponse the broker sends back; and the LogoutRequest the
 * broker sends an ENT when a logout starts at the broker or a publisher.
 */
import { randomBytes, type KeyObject } from 'node:crypto';
import { fail } from '../core/fail.js';
import type { EntSessionRef } from '../core/upstream-identity.js';
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
  type VerifiedLogoutRequest,
  type VerifiedLogoutResponse,
} from '../trust/index.js';
import type { EntIdentityProviders } from './ports.js';
import { definedFields } from '../core/defined-fields.js';

export interface EntLogoutSettings {
  /** The broker's SP entityID: the Issuer of what it sends. */
  readonly spEntityId: string;
  /** `<publicUrl>/saml/sp/slo`: the only Destination accepted. */
  readonly sloUrl: string;
  readonly skewSeconds: number;
  readonly signing: (now: Date) => { readonly privateKey: KeyObject; readonly certificatePem: string };
}

export interface EntLogoutRequest {
  readonly entId: string;
  readonly request: VerifiedLogoutRequest;
}

/** Throws the ERR_SAML_LOGOUT_* codes of trust, or ERR_LOGIN_IDP_UNKNOWN for an issuer that is no ENT. */
export async function readEntLogoutRequest(
  idps: EntIdentityProviders,
  settings: EntLogoutSettings,
  incoming: IncomingSamlMessage,
  now: Date,
): Promise<EntLogoutRequest> {
  const request = await readLogoutRequest(incoming, {
    findPartner: async (entityId) => (await idps.byEntityId(entityId, now))?.metadata,
    destination: settings.sloUrl,
    now,
    skewSeconds: settings.skewSeconds,
  });
  const idp = await idps.byEntityId(request.issuer, now);
  if (idp === undefined) {
    throw fail('ERR_LOGIN_IDP_UNKNOWN', "Demande de déconnexion d'un fournisseur d'identité inconnu.", 'issuer gone');
  }
  return { entId: idp.entId, request };
}

/** An ENT's LogoutResponse (to a LogoutRequest the broker sent it), verified. */
export async function readEntLogoutResponse(
  idps: EntIdentityProviders,
  settings: EntLogoutSettings,
  incoming: IncomingSamlMessage,
  now: Date,
): Promise<VerifiedLogoutResponse> {
  return readLogoutResponse(incoming, {
    findPartner: async (entityId) => (await idps.byEntityId(entityId, now))?.metadata,
    destination: settings.sloUrl,
    now,
    skewSeconds: settings.skewSeconds,
  });
}

/** The signed LogoutResponse to the ENT's SLO endpoint; undefined when its metadata declares none. */
export async function entLogoutResponse(
  idps: EntIdentityProviders,
  settings: EntLogoutSettings,
  answered: EntLogoutRequest,
  status: LogoutOutcome,
  now: Date,
): Promise<LogoutDelivery | undefined> {
  const idp = await idps.ofEnt(answered.entId, now);
  const endpoint = idp === undefined ? undefined : logoutEndpointFor(idp.metadata.singleLogout, 'response');
  if (idp === undefined || endpoint === undefined) return undefined;
  const xml = buildLogoutResponse({
    id: `_${randomBytes(16).toString('hex')}`,
    issuer: settings.spEntityId,
    destination: endpoint.url,
    now,
    inResponseTo: answered.request.id,
    status,
  });
  const relayState = answered.request.relayState;
  return logoutMessageTo(
    idp.metadata.singleLogout,
    { xml, kind: 'response', ...definedFields({ relayState }) },
    settings.signing(now),
  );
}

/**
 * The signed LogoutRequest telling an ENT that the broker session opened from its session has
 * ended (a logout that started at the broker or a publisher); undefined when the ENT's metadata
 * declares no SLO endpoint or the session has no SAML NameID.
 */
export async function entLogoutRequest(
  idps: EntIdentityProviders,
  settings: EntLogoutSettings,
  entId: string,
  entSession: EntSessionRef | undefined,
  now: Date,
  relayState?: string,
): Promise<LogoutDelivery | undefined> {
  const idp = await idps.ofEnt(entId, now);
  const endpoint = idp === undefined ? undefined : logoutEndpointFor(idp.metadata.singleLogout, 'request');
  if (idp === undefined || endpoint === undefined || entSession?.nameId === undefined || entSession.sid !== undefined) {
    return undefined;
  }
  const xml = buildLogoutRequest({
    id: `_${randomBytes(16).toString('hex')}`,
    issuer: settings.spEntityId,
    destination: endpoint.url,
    now,
    nameId: entSession.nameId,
    ...definedFields({ nameIdFormat: entSession.nameIdFormat, sessionIndex: entSession.sessionIndex }),
  });
  const message = { xml, kind: 'request' as const, ...definedFields({ relayState }) };
  return logoutMessageTo(idp.metadata.singleLogout, message, settings.signing(now));
}
