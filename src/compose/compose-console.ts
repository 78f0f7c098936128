/**
 * Composition of the console: its stores, the page modules, the router. Part of the
 * composition root.
 */
import { randomBytes } from 'node:crypto';
import type { LoginDeps } from '../broker/index.js';
import type { BrokerConfig } from '../config/index.js';
import type { Clock } from '../core/clock.js';
import { deriveKey } from '../core/derive-key.js';
import type { Logger } from '../core/logger.js';
import { consoleRouter, type ConsolePageModule, type ManagerLoginDeps } from '../console/index.js';
import type { UpstreamSettings } from '../idp-bridge/index.js';
import {
  createConsoleSessionStore,
  createManagerScopeSource,
  createOperatorAccountStore,
  createSamlPartnerStore,
  type Store,
} from '../store/index.js';
import { publishedKeys, renderBrokerSpMetadata, type BrokerKeyring } from '../trust/index.js';
import type { BaseUrl } from './compose-login.js';

/** What the licence managers' login reuses of the brokered login's composition (compose-login.ts). */
export interface ConsoleLoginParts {
  readonly config: BrokerConfig;
  readonly baseUrl: BaseUrl;
  readonly login: { readonly deps: LoginDeps; readonly keyring: BrokerKeyring };
  readonly clock: Clock;
  readonly logger: Logger;
}

export function composeConsole(
  config: BrokerConfig,
  store: Store,
  baseUrl: BaseUrl,
  modules: readonly ConsolePageModule[],
  logger: Logger,
  clock: Clock,
) {
  const partners = createSamlPartnerStore(store);
  const router = consoleRouter({
    sessions: createConsoleSessionStore(store),
    managers: createManagerScopeSource(store),
    operators: createOperatorAccountStore(store),
    listEnts: async () =>
      (await partners.list('idp'))
        .map((p) => p.entId)
        .filter((id): id is string => id !== undefined)
        .sort(),
    modules,
    session: {
      csrfKey: csrfKey(config),
      idleMinutes: config.console.sessionIdleMinutes,
      maxHours: config.console.sessionMaxHours,
      origin: () => new URL(baseUrl.value).origin,
    },
    clock,
    logger,
  });
  return { path: '/console', router };
}

/**
 * Keyed from the broker's secret (purpose-separated), so that every node of a cluster accepts the
 * forms another rendered; without the secret, a per-process key (a restart asks to reload forms).
 */
function csrfKey(config: BrokerConfig): Buffer {
  const secret = config.pseudonyms.secret;
  return secret === undefined ? randomBytes(32) : deriveKey(Buffer.from(secret, 'hex'), { use: 'console-csrf' });
}

/**
 * The console's own SP: entityID `console.spEntityId` (default
 * `<publicUrl>/console/saml/metadata`), ACS `<publicUrl>/console/saml/acs`; the broker's keys, and
 * the brokered login's skew, signature policy, user id attribute and transaction lifetime. Getters:
 * the public URL is known only once listening (port 0 in tests).
 */
export function managerLoginDeps(store: Store, parts: ConsoleLoginParts): ManagerLoginDeps {
  const { config, baseUrl, login } = parts;
  const upstream = login.deps.upstream;
  const sp: UpstreamSettings = {
    get spEntityId() {
      return config.console.spEntityId ?? `${baseUrl.value}/console/saml/metadata`;
    },
    get acsUrl() {
      return `${baseUrl.value}/console/saml/acs`;
    },
    skewSeconds: upstream.skewSeconds,
    requiredSignature: upstream.requiredSignature,
    userIdAttribute: upstream.userIdAttribute,
    transactionMinutes: upstream.transactionMinutes,
    signingKey: upstream.signingKey,
    decryptionKeys: upstream.decryptionKeys,
  };
  return {
    sp,
    metadata: (now) =>
      renderBrokerSpMetadata({
        entityId: sp.spEntityId,
        acsUrl: sp.acsUrl,
        requiredSignature: sp.requiredSignature,
        signingCertificatesPem: publishedKeys(login.keyring, 'signing', now).map((k) => k.certificatePem),
        encryptionCertificatesPem: publishedKeys(login.keyring, 'encryption', now).map((k) => k.certificatePem),
      }),
    idps: login.deps.idps,
    transactions: login.deps.transactions,
    replay: login.deps.replay,
    managers: createManagerScopeSource(store),
    session: {
      sessions: createConsoleSessionStore(store),
      clock: parts.clock,
      idleMinutes: config.console.sessionIdleMinutes,
      maxHours: config.console.sessionMaxHours,
    },
    logger: parts.logger,
  };
}
