/**
 * The broker module's public face: the login flow (login-flow.ts lists it), what it needs
 * (LoginDeps, storage ports), what it returns (LoginOutcome), and the cookie digest.
 */
export type {
  LoginDownstream, LoginTransaction, ConsumeRefusal, LoginTransactionStore, ReplayCache, BrokerSession, BrokerSessionStore,
} from './ports.js';
export { cookieDigest, cookieDigestPattern } from './cookie-digest.js';
export { openFromMediacentre, handlePublisherRequest, finishEntLogin, type MediacentreEntry } from './login-flow.js';
export type { LoginDeps, LoginPeople, LoginResources } from './login-deps.js';
export type { LoginContext } from './login-context.js';
export type { LoginOutcome, CookieChange, BrowserCookies, BrokerCookieName } from './login-outcome.js';
