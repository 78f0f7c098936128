/**
 * What an upstream OIDC test needs around idp-bridge: an in-memory registry, test settings (plain
 * http allowed), and the browser's part of a login: follow the provider's redirects, carrying its
 * cookies, until it sends the browser to the broker's callback.
 */
import type { OidcEntRegistration, OidcEntRegistry, OidcUpstreamSettings } from '../../src/idp-bridge/index.js';
import { TestBrowser } from './test-browser.js';

/** Nothing listens there: the browser stops when it is sent to it. */
export const testRedirectUri = 'http://127.0.0.1:9/ent/oidc/callback';

export function testOidcSettings(overrides: Partial<OidcUpstreamSettings> = {}): OidcUpstreamSettings {
  return {
    redirectUri: testRedirectUri,
    defaultAlgorithms: ['RS256', 'PS256', 'ES256'],
    discoveryCacheMinutes: 60,
    httpTimeoutSeconds: 5,
    allowInsecureHttp: true,
    skewSeconds: 60,
    ...overrides,
  };
}

export function memoryOidcEntRegistry(
  ...registrations: OidcEntRegistration[]
): OidcEntRegistry & { readonly entries: Map<string, OidcEntRegistration> } {
  const entries = new Map(registrations.map((r) => [r.entId, r]));
  return {
    entries,
    find: async (entId) => entries.get(entId),
    list: async () => [...entries.values()],
    save: async (registration) => {
      const before = entries.get(registration.entId);
      entries.set(registration.entId, registration);
      return before === undefined ? 'added' : 'changed';
    },
    remove: async (entId) => entries.delete(entId),
  };
}

/** Follows redirects from the authorization URL until one leads to `redirectUri`; that URL is the callback. */
export async function browseToCallback(
  authorizationUrl: string,
  browser = new TestBrowser(),
  redirectUri = testRedirectUri,
): Promise<URL> {
  let url = authorizationUrl;
  for (let hop = 0; hop < 10; hop += 1) {
    const answer = await browser.get(url);
    if (answer.location === undefined)
      throw new Error(`the provider stopped at ${url} with ${answer.status}: ${answer.body.slice(0, 300)}`);
    url = new URL(answer.location, url).href;
    if (url.startsWith(`${redirectUri}?`)) return new URL(url);
  }
  throw new Error('too many redirects');
}
