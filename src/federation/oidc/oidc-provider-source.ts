/**
 * The OpenID Provider, built on first use: its issuer names the public URL, known only once the
 * listener has its port (port 0 in tests). Built again when the signing keys change (a rotation
 * activates a key, or announces the next one), since oidc-provider reads its JWKS once.
 */
import { Provider } from 'oidc-provider';
import { cookiesSecureFor } from '../../core/cookie-security.js';
import { logOidcEvents } from './log-oidc-events.js';
import { oidcProviderConfiguration } from './oidc-provider-configuration.js';
import { recordOidcParticipants } from './record-oidc-participants.js';
import type { OidcProviderDeps, OidcProviderSettings } from './oidc-provider-settings.js';

export type OidcProviderSource = (now: Date) => Provider;

export function oidcProviderSource(
  settingsAt: (now: Date) => OidcProviderSettings,
  deps: OidcProviderDeps,
): OidcProviderSource {
  let built: { readonly fingerprint: string; readonly provider: Provider } | undefined;
  return (now) => {
    const settings = settingsAt(now);
    const fingerprint = JSON.stringify([settings.issuer, settings.signingKeys.map((k) => k.kid)]);
    if (built?.fingerprint !== fingerprint) built = { fingerprint, provider: createOidcProvider(settings, deps) };
    return built.provider;
  };
}

export function createOidcProvider(settings: OidcProviderSettings, deps: OidcProviderDeps): Provider {
  const provider = new Provider(settings.issuer, oidcProviderConfiguration(settings, deps));
  provider.proxy = settings.proxy;
  // An https issuer gets Secure cookies (oidc-provider-configuration.ts), which Koa refuses to set on a
  // request it does not see as https: TLS may end at a proxy, so with such an issuer every request counts.
  if (cookiesSecureFor(settings.issuer)) Object.defineProperty(provider.request, 'secure', { get: () => true });
  logOidcEvents(provider, deps.logger);
  const { participants } = deps;
  if (participants !== undefined) recordOidcParticipants(provider, settings, { ...deps, participants });
  return provider;
}
