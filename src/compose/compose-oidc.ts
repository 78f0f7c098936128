/**
 * Composition of the OpenID Provider of publishers at `<publicUrl>/oidc`: its settings
 * from the configuration, the broker's signing keys, the store's ports, and the routes. It shares
 * compose-login.ts's LoginDeps: one flow, one decision, whichever protocol the publisher speaks.
 */
import { randomBytes } from 'node:crypto';
import type { Router } from 'express';
import { attributeCodes } from '../attribute-filter/index.js';
import { oidcPages, oidcRoutes, type LoginDeps } from '../broker/index.js';
import type { BrokerConfig } from '../config/index.js';
import type { Clock } from '../core/clock.js';
import { deriveKey } from '../core/derive-key.js';
import type { Logger } from '../core/logger.js';
import { oidcProviderSource, sendOidcBackchannelLogouts, type OidcProviderSettings } from '../federation/index.js';
import { createOidcClientStore, createOidcPayloadStore, type Store } from '../store/index.js';
import { signingJwks, type BrokerKeyring } from '../trust/index.js';
import type { BaseUrl } from './compose-login.js';

export function composeOidc(
  config: BrokerConfig,
  store: Store,
  base: BaseUrl,
  login: { readonly deps: LoginDeps; readonly keyring: BrokerKeyring },
  logger: Logger,
  clock: Clock,
): { readonly path: string; readonly router: Router } {
  const payloads = createOidcPayloadStore(store);
  const clients = createOidcClientStore(store);
  const cookieKeys = [oidcCookieKey(config)];
  const settingsAt = (now: Date): OidcProviderSettings => ({
    issuer: `${base.value}/oidc`,
    signingKeys: signingJwks(login.keyring, now),
    cookieKeys,
    ttlSeconds: {
      code: config.oidc.codeSeconds,
      accessToken: config.oidc.accessTokenSeconds,
      idToken: config.oidc.idTokenSeconds,
      interaction: config.login.transactionMinutes * 60,
      session: config.login.sessionMaxHours * 3600,
    },
    proxy: config.http.trustProxy,
    releaseCodes: attributeCodes,
    pages: oidcPages,
  });
  const provider = oidcProviderSource(settingsAt, {
    payloads,
    clients,
    now: () => clock.now(),
    logger,
    participants: login.deps.participants,
  });
  // An ended broker session tells the OIDC clients that received tokens in it (Back-Channel Logout 1.0).
  login.deps.oidcBackchannel = async (participants) => {
    await sendOidcBackchannelLogouts(
      provider(clock.now()),
      participants,
      config.oidc.httpTimeoutSeconds * 1000,
      logger,
    );
  };
  return { path: '/', router: oidcRoutes({ flow: login.deps, provider, clients, payloads, clock, logger }) };
}

/**
 * oidc-provider signs its cookies (interaction, session): every node of a cluster must hold the
 * same key, so it is derived from the one secret they already share, under its own label.
 * Without that secret no login runs; a per-process key then keeps the type honest.
 */
function oidcCookieKey(config: BrokerConfig): string {
  const secret =
    config.pseudonyms.secret === undefined ? randomBytes(32) : Buffer.from(config.pseudonyms.secret, 'hex');
  return deriveKey(secret, { use: 'oidc-provider-cookies' }).toString('base64url');
}
