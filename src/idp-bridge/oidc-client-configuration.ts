/**
 * The openid-client Configuration of one call: the cached provider metadata, the registration's
 * client, and the broker's clock. openid-client reads the time from Date.now(); its `clockSkew`
 * (seconds added to that) is set to the difference with the broker's `now`, so its exp/iat checks
 * use the same instant as every other check of the login, and `clockTolerance` is the configured
 * skew (OIDC Core §3.1.3.7 items 9–10).
 */
import {
  allowInsecureRequests,
  ClientSecretBasic,
  ClientSecretPost,
  clockSkew,
  clockTolerance,
  Configuration,
  customFetch,
  None,
  type ClientAuth,
} from 'openid-client';
import { boundedFetch } from './bounded-fetch.js';
import type { OidcProvider } from './oidc-provider-cache.js';
import type { OidcUpstreamSettings } from './oidc-upstream-settings.js';
import type { OidcEntRegistration } from './ports.js';

export function oidcClientConfiguration(
  provider: OidcProvider,
  registration: OidcEntRegistration,
  settings: OidcUpstreamSettings,
  now: Date,
): Configuration {
  const configuration = new Configuration(
    provider.server,
    registration.clientId,
    {
      [clockSkew]: Math.round((now.getTime() - Date.now()) / 1000),
      [clockTolerance]: settings.skewSeconds,
    },
    clientAuthentication(registration),
  );
  configuration.timeout = settings.httpTimeoutSeconds;
  configuration[customFetch] = boundedFetch();
  if (settings.allowInsecureHttp) allowInsecureRequests(configuration);
  return configuration;
}

function clientAuthentication(registration: OidcEntRegistration): ClientAuth {
  const secret = registration.clientSecret;
  if (secret === undefined) return None();
  return registration.tokenAuthMethod === 'client_secret_post' ? ClientSecretPost(secret) : ClientSecretBasic(secret);
}
