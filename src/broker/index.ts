/**
 * The broker module's public face: the login flow (login-flow.ts lists it), what it needs
 * (LoginDeps, storage ports), what it returns (LoginOutcome), and the cookie digest.
 */
export type {
  LoginDownstream,
  LoginTransaction,
  ConsumeRefusal,
  LoginTransactionStore,
  ReplayCache,
  BrokerSession,
  BrokerSessionStore,
  EntSessionMatch,
  SessionParticipant,
  SessionParticipantStore,
  LogoutRun,
  LogoutRunStore,
  LogoutContinuation,
} from './ports.js';
export { cookieDigest, cookieDigestPattern } from './cookie-digest.js';
export {
  openFromMediacentre,
  handlePublisherRequest,
  finishEntLogin,
  finishOidcEntLogin,
  type MediacentreEntry,
} from './login-flow.js';
export { acceptEntResponse, type EntAnswerStores, type LoginRetry } from './accept-ent-answer.js';
export { decideAccess, type AccessGrant } from './access-decision.js';
export { chooseEnt, registeredEnts } from './choose-ent.js';
export type { LoginDeps, LoginPeople, LoginResources, SessionSettings, LogoutSettings } from './login-deps.js';
export type { LoginContext } from './login-context.js';
export type { LoginOutcome, CookieChange, BrowserCookies, BrokerCookieName } from './login-outcome.js';
export {
  casLogin,
  validateCasTicket,
  casLogout,
  endBrokerSession,
  notifyEndedSessions,
  notifyEndedOidcSessions,
  type CasLoginRequest,
  type CasValidationRequest,
  type EndedSessionBounds,
} from './login-flow.js';
export type { CasDeps } from './cas-deps.js';
export type { CasTicket, CasTicketRefusal, CasTicketStore } from './ports.js';
export { answerOidcInteraction, type OidcInteractionRequest } from './answer-oidc-interaction.js';
export { receiveEntLogout, entLogoutSettings } from './receive-ent-logout.js';
export { receivePublisherLogoutRequest, receivePublisherLogoutResponse } from './receive-publisher-logout.js';
export { receiveOidcBackchannelLogout, receiveOidcFrontChannelLogout } from './receive-oidc-ent-logout.js';
export { finishLogoutRun, logoutRunHop, logoutRunPage, type LogoutRunPage } from './logout-run.js';
export { endSessions, notifyBackChannels } from './end-sessions.js';
export { sessionCookieHash } from './browser-session.js';
export type { OidcFinish, OidcInteractionOutcome } from './login-outcome.js';
export { loginRoutes, type LoginRoutesDeps } from './http/login/login-routes.js';
export { casRoutes, type CasRoutesDeps } from './http/cas/cas-routes.js';
export { oidcRoutes, type OidcRoutesDeps } from './http/oidc/oidc-routes.js';
export { oidcPages } from './http/oidc/oidc-pages.js';
