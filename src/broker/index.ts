/**
 * The broker module's public face. For now: the storage ports of the login flow (login
 * transactions, replay cache, broker sessions) and the digest that keeps cookie values out of them.
 */
export type {
  LoginDownstream, LoginTransaction, ConsumeRefusal, LoginTransactionStore, ReplayCache, BrokerSession, BrokerSessionStore,
} from './ports.js';
export { cookieDigest, cookieDigestPattern } from './cookie-digest.js';
