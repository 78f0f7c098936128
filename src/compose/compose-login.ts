/**
 * Composition of the brokered login: keys, settings, the store's ports and the routes.
 * Part of the composition (src/compose/): the only place that builds LoginDeps.
 */
import { expiringMemo } from '../core/expiring-memo.js';
import { attributeCodes, makePseudonymKey } from '../attribute-filter/index.js';
import { loginRoutes, type LoginDeps } from '../broker/index.js';
import type { BrokerConfig } from '../config/index.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import { createCasLogoutSender, createPartnerDirectory, type DownstreamSettings } from '../federation/index.js';
import { createOidcEntLogins, type UpstreamSettings } from '../idp-bridge/index.js';
import {
  createBrokerSessionStore,
  createContractStore,
  createLicensingStore,
  createLoginTransactionStore,
  createPersonAttributeSource,
  createReplayCache,
  createResourceStore,
  createSamlPartnerStore,
  type Store,
  createCasServiceStore,
  createCasTicketStore,
  createOidcEntRegistry,
  createSessionParticipantStore,
  createLogoutRunStore,
} from '../store/index.js';
import { createEntitlementCheck } from '../subscriptions/index.js';
import {
  activeKey,
  createSealer,
  loadOrCreateKeyring,
  publishedKeys,
  renderBrokerIdpMetadata,
  renderBrokerSpMetadata,
  type BrokerKeyring,
} from '../trust/index.js';
import { randomBytes } from 'node:crypto';

/** The broker's public base URL, known only once the listener has its port (port 0 in tests). */
export interface BaseUrl {
  value: string;
}

export interface LoginEndpoints {
  readonly spEntityId: string;
  readonly acsUrl: string;
  readonly idpEntityId: string;
  readonly ssoUrl: string;
  /** The broker's redirect URI at ENTs that are OpenID Providers. */
  readonly oidcRedirectUri: string;
  /** The SingleLogoutService of the ENT-facing SP and of the publisher-facing IdP. */
  readonly spSloUrl: string;
  readonly idpSloUrl: string;
}

export function loginEndpoints(config: BrokerConfig, base: BaseUrl): LoginEndpoints {
  return {
    get spEntityId() {
      return config.login.spEntityId ?? `${base.value}/saml/sp/metadata`;
    },
    get acsUrl() {
      return `${base.value}/saml/sp/acs`;
    },
    get idpEntityId() {
      return config.login.idpEntityId ?? `${base.value}/saml/idp/metadata`;
    },
    get ssoUrl() {
      return `${base.value}/saml/idp/sso`;
    },
    get oidcRedirectUri() {
      return `${base.value}/ent/oidc/callback`;
    },
    get spSloUrl() {
      return `${base.value}/saml/sp/slo`;
    },
    get idpSloUrl() {
      return `${base.value}/saml/idp/slo`;
    },
  };
}

export function composeLogin(config: BrokerConfig, store: Store, base: BaseUrl, logger: Logger, clock: Clock) {
  const keyring = loadOrCreateKeyring(config.saml.keysDir, clock.now());
  const endpoints = loginEndpoints(config, base);
  const deps = loginDeps(config, store, keyring, endpoints, logger);
  const metadata = {
    sp: (now: Date) =>
      renderBrokerSpMetadata({
        entityId: endpoints.spEntityId,
        acsUrl: endpoints.acsUrl,
        sloUrl: endpoints.spSloUrl,
        requiredSignature: config.login.responseSignature,
        signingCertificatesPem: publishedKeys(keyring, 'signing', now).map((k) => k.certificatePem),
        encryptionCertificatesPem: publishedKeys(keyring, 'encryption', now).map((k) => k.certificatePem),
      }),
    idp: (now: Date) =>
      renderBrokerIdpMetadata({
        entityId: endpoints.idpEntityId,
        ssoUrl: endpoints.ssoUrl,
        sloUrl: endpoints.idpSloUrl,
        wantAuthnRequestsSigned: config.login.requireSignedAuthnRequests,
        signingCertificatesPem: publishedKeys(keyring, 'signing', now).map((k) => k.certificatePem),
        attributeNames: attributeCodes,
      }),
  };
  return {
    deps,
    endpoints,
    keyring,
    router: loginRoutes({ flow: deps, clock, logger, metadata, oidcRedirectUri: () => endpoints.oidcRedirectUri }),
  };
}

function loginDeps(
  config: BrokerConfig,
  store: Store,
  keyring: BrokerKeyring,
  endpoints: LoginEndpoints,
  logger: Logger,
): LoginDeps {
  const partners = createPartnerDirectory(createSamlPartnerStore(store));
  const secret = config.pseudonyms.secret === undefined ? undefined : Buffer.from(config.pseudonyms.secret, 'hex');
  const resources = createResourceStore(store);
  const contracts = createContractStore(store);
  // Every login reads its resource and contract two or three times (médiacentre link, ACS, SSO).
  const ttlMs = config.login.catalogueCacheSeconds * 1000;
  const remembered = <V>(read: (key: string) => Promise<V>): ((key: string) => Promise<V>) =>
    ttlMs === 0 ? read : expiringMemo(read, { ttlMs });
  return {
    partners,
    idps: {
      ofEnt: (entId, now) => partners.idpOfEnt(entId, now),
      byEntityId: (entityId, now) => partners.idpByEntityId(entityId, now),
    },
    oidcEnts: createOidcEntLogins(createOidcEntRegistry(store), {
      get redirectUri() {
        return endpoints.oidcRedirectUri;
      },
      defaultAlgorithms: config.oidc.idTokenAlgorithms,
      discoveryCacheMinutes: config.oidc.discoveryCacheMinutes,
      httpTimeoutSeconds: config.oidc.httpTimeoutSeconds,
      allowInsecureHttp: config.oidc.allowInsecureHttp,
      skewSeconds: config.login.clockSkewSeconds,
    }),
    upstream: upstreamSettings(config, keyring, endpoints),
    downstream: downstreamSettings(config, keyring, endpoints),
    transactions: createLoginTransactionStore(store),
    replay: createReplayCache(store),
    sessions: createBrokerSessionStore(store),
    resources: {
      findResource: remembered((id) => resources.findResource(id)),
      resourcesOfServiceProvider: remembered((id) => resources.resourcesOfServiceProvider(id)),
    },
    people: createPersonAttributeSource(store),
    contracts: { effectiveContract: remembered((id) => contracts.effectiveContract(id)) },
    entitlement: createEntitlementCheck(createLicensingStore(store)),
    pseudonymKey: secret === undefined ? undefined : makePseudonymKey(secret),
    pseudonymScope: config.pseudonyms.scope,
    // Without the secret no login runs; a per-process key then keeps the type honest.
    intents: createSealer(secret ?? randomBytes(32), 'access-intent'),
    session: {
      idleMinutes: config.login.sessionIdleMinutes,
      maxHours: config.login.sessionMaxHours,
      confirmSeconds: config.login.sessionConfirmSeconds,
      confirmEveryMediacentreEntry: config.login.confirmEveryMediacentreEntry,
      entsWithoutPassiveLogin: new Set(config.login.entsWithoutPassiveLogin),
    },
    participants: createSessionParticipantStore(store),
    logoutRuns: createLogoutRunStore(store),
    logout: {
      get spSloUrl() {
        return endpoints.spSloUrl;
      },
      get idpSloUrl() {
        return endpoints.idpSloUrl;
      },
      signing: (now) => {
        const key = activeKey(keyring, 'signing', now);
        return { privateKey: key.privateKey, certificatePem: key.certificatePem };
      },
      frontChannelSeconds: config.login.frontChannelLogoutSeconds,
    },
    logger,
    ...(config.cas.enabled
      ? {
          cas: {
            services: createCasServiceStore(store),
            tickets: createCasTicketStore(store),
            ticketSeconds: config.cas.ticketSeconds,
            sendLogout: createCasLogoutSender({ timeoutMs: config.cas.logoutTimeoutSeconds * 1000, logger }),
          },
        }
      : {}),
  };
}

function upstreamSettings(config: BrokerConfig, keyring: BrokerKeyring, endpoints: LoginEndpoints): UpstreamSettings {
  const encryption = [...keyring.keys]
    .filter((k) => k.use === 'encryption')
    .sort((a, b) => b.activatesAt.getTime() - a.activatesAt.getTime());
  return {
    get spEntityId() {
      return endpoints.spEntityId;
    },
    get acsUrl() {
      return endpoints.acsUrl;
    },
    skewSeconds: config.login.clockSkewSeconds,
    requiredSignature: config.login.responseSignature,
    userIdAttribute: config.login.userIdAttribute,
    transactionMinutes: config.login.transactionMinutes,
    signingKey: (now) => activeKey(keyring, 'signing', now).privateKey,
    decryptionKeys: (now) => encryption.filter((k) => k.createdAt.getTime() <= now.getTime()).map((k) => k.privateKey),
  };
}

function downstreamSettings(
  config: BrokerConfig,
  keyring: BrokerKeyring,
  endpoints: LoginEndpoints,
): DownstreamSettings {
  return {
    get idpEntityId() {
      return endpoints.idpEntityId;
    },
    get ssoUrl() {
      return endpoints.ssoUrl;
    },
    requireSignedRequests: config.login.requireSignedAuthnRequests,
    skewSeconds: config.login.clockSkewSeconds,
    assertionLifetimeSeconds: config.login.assertionLifetimeSeconds,
    signing: (now) => {
      const key = activeKey(keyring, 'signing', now);
      return { privateKey: key.privateKey, certificatePem: key.certificatePem };
    },
  };
}
