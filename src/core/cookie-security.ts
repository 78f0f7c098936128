/**
 * Whether the broker's cookies carry `Secure`. Decided once from the configured public URL's
 * scheme, never from a request: behind a TLS-terminating proxy the broker sees plain HTTP while
 * browsers are on https. The composition records the decision on its express app; an app without
 * one (a router under test) sets Secure cookies.
 *
 * Browsers refuse `SameSite=None` without `Secure`: over plain HTTP, the cookies that must come
 * back on a cross-site POST (an ENT's Response, a publisher's POST-binding request) are
 * `SameSite=Lax`, which browsers send on a POST only from the same site (another port of the same
 * host, as in the demo).
 */

/** An https public URL gets Secure cookies; a plain-http one (the demo, tests) does not. */
export function cookiesSecureFor(publicUrl: string): boolean {
  return new URL(publicUrl).protocol === 'https:';
}

interface AppWithLocals {
  readonly locals: Record<string, unknown>;
}

const localsKey = 'garBrokerSecureCookies';

/** Records the decision on the app whose routes set the cookies. */
export function recordCookieSecurity(app: AppWithLocals, secure: boolean): void {
  app.locals[localsKey] = secure;
}

/** The decision recorded on the response's app: Secure unless the composition said otherwise. */
export function cookiesSecure(res: { readonly app: AppWithLocals }): boolean {
  return res.app.locals[localsKey] !== false;
}

/** The attributes of a cookie that a cross-site POST must bring back. */
export function crossSiteCookieAttributes(secure: boolean): string {
  return secure ? 'Secure; SameSite=None' : 'SameSite=Lax';
}
