/**
 * The federation module's public face: the broker toward publishers as SAML IdP (read their
 * AuthnRequests, answer them, single logout), OpenID Provider and CAS 3 server, and the registry
 * of partners' SAML metadata (ENT IdPs, publisher SPs) with the cached, validity-checked view the
 * login flow reads.
 */
export type { SamlPartnerRecord, SamlPartnerSource, SamlPartnerStore, SamlPartnerSaveOutcome } from './ports.js';
export {
  registerSamlPartner,
  type SamlPartnerRegistration,
  type RegisteredSamlPartner,
  type RegisterDeps,
} from './register-saml-partner.js';
export { loadMetadataFolder, type MetadataFolderReport, type MetadataFolderDeps } from './load-metadata-folder.js';
export {
  createPartnerDirectory,
  type PartnerDirectory,
  type RegisteredIdp,
  type RegisteredSp,
} from './partner-directory.js';
export type { DownstreamSettings } from './downstream-settings.js';
export { readPublisherRequest, type PublisherRequest } from './read-publisher-request.js';
export {
  answerPublisher,
  refusePublisher,
  type PostToServiceProvider,
  type PublisherAnswer,
  type SentAssertion,
} from './answer-publisher.js';
export {
  logoutRequestToPublisher,
  readPublisherLogoutResponse,
  readPublisherLogoutRequest,
  logoutResponseToPublisher,
  type PublisherLogoutTarget,
  type LogoutHop,
} from './publisher-logout.js';
export {
  createMetadataFetcher,
  checkMetadataUrl,
  type MetadataFetcher,
  type FetchMetadataOptions,
} from './fetch-metadata.js';
export { refreshDuePartners, refreshBackoffMinutes, refreshActor, type RefreshDeps } from './refresh-url-partners.js';
export {
  scheduleMetadataRefresh,
  intervalTimer,
  type RepeatingTimer,
  type MetadataRefreshSchedule,
} from './schedule-metadata-refresh.js';
export { nextRefresh, type DocumentLifetime } from './next-refresh.js';
export { isPartnerUsable } from './is-partner-usable.js';
export type { CasServiceRecord, CasServiceStore } from './ports.js';
export { registerCasService, type CasServiceRegistrationDeps } from './register-cas-service.js';
export {
  renderCasServiceResponse,
  type CasValidation,
  type CasFailureCode,
  type CasAttribute,
  type CasResponseFormat,
  type CasServiceResponse,
} from './cas-service-response.js';
export { createCasLogoutSender, type CasLogoutSender, type CasLogoutSenderOptions } from './send-cas-logout.js';
export type { OidcClientRecord, OidcClientStore, OidcPayloadStore } from './ports.js';
export { oidcProviderSource, createOidcProvider, type OidcProviderSource } from './oidc/oidc-provider-source.js';
export type { OidcProviderSettings, OidcProviderDeps, OidcPages } from './oidc/oidc-provider-settings.js';
export {
  readOidcInteraction,
  markOidcLoginRequested,
  finishOidcInteraction,
  type OidcInteraction,
  type OidcAnswer,
} from './oidc/oidc-interaction.js';
export {
  registerOidcClient,
  type OidcClientRegistration,
  type RegisterOidcClientDeps,
} from './oidc/register-oidc-client.js';
export { createOidcClientValidator, type OidcClientValidator } from './oidc/oidc-client-validator.js';
export { garScope } from './oidc/gar-oidc-claims.js';
export type { OidcSessionParticipant, OidcParticipantRecorder } from './oidc/oidc-session-participant.js';
export { sendOidcBackchannelLogouts, type EndedSessionParticipant } from './oidc/send-oidc-backchannel-logouts.js';
