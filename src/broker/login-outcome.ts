/**
 * What a step of the login flow asks http to do. The flow never writes to a response itself:
 * http turns these into redirects, auto-posting forms and French pages.
 */
import type { PostToServiceProvider } from '../federation/index.js';

export type BrokerCookieName = 'gar_login' | 'gar_session' | 'gar_intent';

/** `value` undefined clears the cookie. Always HttpOnly, Secure, SameSite=None, Path=/. */
export interface CookieChange {
  readonly name: BrokerCookieName;
  readonly value?: string;
  readonly maxAgeSeconds?: number;
}

export type LoginOutcome =
  | { readonly kind: 'redirect'; readonly location: string; readonly cookies: readonly CookieChange[] }
  | { readonly kind: 'post'; readonly post: PostToServiceProvider; readonly cookies: readonly CookieChange[] }
  /** The discovery page: the ENTs to choose from, and how to come back with the choice. */
  | { readonly kind: 'discovery'; readonly ents: readonly string[]; readonly cookies: readonly CookieChange[] }
  /** The broker's "you are logged out" page. */
  | { readonly kind: 'logged-out'; readonly cookies: readonly CookieChange[] }
  /** The broker's page that ends a publisher's frame of a front-channel logout. */
  | { readonly kind: 'logout-frame-done'; readonly cookies: readonly CookieChange[] };

/**
 * The end of an OIDC interaction the broker decided (answer-oidc-interaction): federation makes
 * the grant and oidc-provider the code. Not a LoginOutcome of the other entries, which never end so.
 */
export interface OidcFinish {
  readonly kind: 'oidc-finish';
  readonly uid: string;
  /** The broker session that decided it: its logout reaches this client (back-channel logout token). */
  readonly sessionHash: string;
  /** Its end: until then the client is kept for its logout. */
  readonly sessionExpiresAt: Date;
  /** The IDO: `sub` and oidc-provider's account id. */
  readonly accountId: string;
  /** The release under its GAR names, each a list of strings, as in the SAML assertion. */
  readonly claims: Readonly<Record<string, readonly string[]>>;
  /** When the ENT authenticated the person (`auth_time`). */
  readonly authenticatedAt: Date;
  readonly cookies: readonly CookieChange[];
}

export type OidcInteractionOutcome = LoginOutcome | OidcFinish;

/** The cookies of a browser as http read them. */
export interface BrowserCookies {
  readonly login?: string;
  readonly session?: string;
  readonly intent?: string;
}
