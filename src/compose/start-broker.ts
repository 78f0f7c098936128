/**
 * Starts the whole broker: config → store → modules → HTTP listeners and background schedules.
 * The composition's entry: the only place that sees every module.
 */
import { resolve } from 'node:path';
import { notifyEndedOidcSessions, notifyEndedSessions, casRoutes } from '../broker/index.js';
import type { BrokerConfig } from '../config/index.js';
import { systemClock, type Clock } from '../core/clock.js';
import { cookiesSecureFor, recordCookieSecurity } from '../core/cookie-security.js';
import type { Logger } from '../core/logger.js';
import { watchDropFolders } from '../directory/index.js';
import { createMetadataFetcher, loadMetadataFolder, scheduleMetadataRefresh } from '../federation/index.js';
import { createApp, listen, portOf } from '../http/index.js';
import {
  checkStoreHealth,
  createAssignmentReportStore,
  createDirectoryImportStore,
  createLicensingStore,
  createSamlPartnerStore,
  openMigratedStore,
  type Store,
} from '../store/index.js';
import { reconcileAfterImport, scheduleDailyReports } from '../subscriptions/index.js';
import { defaultMaxMetadataBytes } from '../trust/index.js';
import { composeConsole } from './compose-console.js';
import { composeLogin, type BaseUrl } from './compose-login.js';
import { composeOidc } from './compose-oidc.js';
import { consolePageModules } from './console-page-modules.js';
import { listenPartners, partnerMounts } from './partner-mounts.js';
import { scheduleEndedSessionCheck } from './schedule-ended-session-check.js';
import { schedulePurge } from './schedule-purge.js';

export interface RunningBroker {
  readonly url: string;
  readonly urls: Readonly<Record<string, string>>;
  readonly store: Store;
  close(): Promise<void>;
}

export async function startBroker(
  config: BrokerConfig,
  logger: Logger,
  clock: Clock = systemClock,
): Promise<RunningBroker> {
  const store = await openMigratedStore(config, logger);
  // Partners' metadata files are loaded at start; one that fails is reported and skipped.
  const metadata = await loadMetadataFolder(resolve(config.saml.metadataDir), {
    store: createSamlPartnerStore(store),
    now: clock.now(),
    logger,
  });
  if (metadata.skipped.length > 0)
    logger.warn({
      event: 'saml_partner.folder_incomplete',
      skipped: metadata.skipped.map((s) => ({ file: s.file, code: s.code })),
    });
  const baseUrl: BaseUrl = { value: config.publicUrl };
  const partners =
    config.webServices.enabled || config.webServices.proxy.trustedAddresses.length > 0
      ? partnerMounts(config, store, baseUrl, logger, clock)
      : undefined;
  const readiness = async () => {
    const health = await checkStoreHealth(store);
    return {
      ready: health.reachable && health.pendingMigrations.length === 0,
      checks: { database: health.reachable, pendingMigrations: health.pendingMigrations },
    };
  };
  // The plain listener carries the web services only for a TLS-terminating proxy that forwards
  // verified client certificates; without configured proxy addresses they are not mounted there.
  const plainMounts = config.webServices.proxy.trustedAddresses.length > 0 ? (partners?.mounts ?? []) : [];
  const login = composeLogin(config, store, baseUrl, logger, clock);
  if (login.deps.pseudonymKey === undefined)
    logger.warn({ event: 'login.not_configured', reason: 'pseudonyms.secret is not set: logins are refused' });
  const consoleMounts = config.console.enabled
    ? [
        composeConsole(
          config,
          store,
          baseUrl,
          consolePageModules(store, { config, baseUrl, login, clock, logger }),
          logger,
          clock,
        ),
      ]
    : [];
  const casMounts = config.cas.enabled
    ? [{ path: '/cas', router: casRoutes({ flow: login.deps, clock, logger }) }]
    : [];
  const oidcMounts = config.oidc.providerEnabled ? [composeOidc(config, store, baseUrl, login, logger, clock)] : [];
  const app = createApp({
    logger,
    trustProxy: config.http.trustProxy,
    readiness,
    mounts: [...consoleMounts, ...casMounts, ...oidcMounts, { path: '/', router: login.router }, ...plainMounts],
  });
  // From the configured scheme, never from a request (oidc-provider decides the same from its issuer).
  recordCookieSecurity(app, cookiesSecureFor(config.publicUrl));
  const purge = schedulePurge(store, clock, logger);
  const endedSessions = scheduleEndedSessionCheck(
    async (ctx) => {
      const { cas } = login.deps;
      if (cas !== undefined) await notifyEndedSessions(cas, ctx);
      await notifyEndedOidcSessions(login.deps, ctx);
    },
    config.cas.endedSessionCheckSeconds,
    clock,
    logger,
  );
  const refresh = scheduleMetadataRefresh(
    {
      store: createSamlPartnerStore(store),
      logger,
      refreshHours: config.saml.metadataRefreshHours,
      fetch: createMetadataFetcher({
        timeoutMs: config.saml.metadataFetchTimeoutSeconds * 1000,
        maxBytes: defaultMaxMetadataBytes,
      }),
    },
    clock,
    config.saml.metadataRefreshCheckMinutes,
  );
  const watcher =
    config.feeds.dropFolders.length === 0
      ? null
      : watchDropFolders(createDirectoryImportStore(store, { batchSize: config.feeds.batchSize }), {
          folders: config.feeds.dropFolders,
          intervalSeconds: config.feeds.watchIntervalSeconds,
          maxInvalidShare: config.feeds.maxInvalidShare,
          readerThreads: config.feeds.readerThreads,
          clock,
          logger,
          afterApplied: async (entId) => {
            await reconcileAfterImport(createLicensingStore(store), entId, clock, logger);
          },
        });
  const reports = partners ? scheduleDailyReports(createAssignmentReportStore(store), clock, logger) : undefined;
  const server = await listen(app, config.http.host, config.http.port);
  const port = portOf(server, config.http.port);
  // Port 0 (tests) picks a free port: the default public URL must then name the real one.
  const base = config.http.port === 0 ? config.publicUrl.replace(/:0$/, `:${port}`) : config.publicUrl;
  baseUrl.value = base;
  const secure =
    config.webServices.enabled && partners ? await listenPartners(config, partners, logger, readiness) : undefined;
  const urls: Record<string, string> = {
    health: `${base}/healthz`,
    readiness: `${base}/readyz`,
    spMetadata: `${base}/saml/sp/metadata`,
    idpMetadata: `${base}/saml/idp/metadata`,
    ...secure?.urls,
  };
  logger.info({ event: 'server.started', port, urls });
  if (!cookiesSecureFor(base)) logger.warn(plainHttpCookiesNotice(base));
  return {
    url: base,
    urls,
    store,
    async close() {
      await watcher?.stop();
      reports?.stop();
      clearInterval(purge);
      await endedSessions?.stop();
      await refresh.stop();
      await Promise.all(
        [server, secure?.server].map(
          (s) =>
            s
            && new Promise<void>((done) => {
              s.close(() => done());
              s.closeAllConnections();
            }),
        ),
      );
      await store.close();
    },
  };
}

/** What a plain-http public URL means for the cookies, and for the clients (docs/configuration.md). */
function plainHttpCookiesNotice(publicUrl: string): Record<string, unknown> {
  const host = new URL(publicUrl).hostname;
  const loopback = host === 'localhost' || host.endsWith('.localhost') || /^127\./.test(host) || host === '[::1]';
  return {
    event: 'http.cookies_not_secure',
    publicUrl,
    loopback,
    reason: loopback
      ? 'publicUrl is plain http on this machine (demo, tests): cookies are sent without Secure, and the login '
        + 'cookies SameSite=Lax instead of None, so a browser brings them back on a form post only from the same '
        + 'host (the ENT and the publishers on localhost, any port). Use an https publicUrl for anything else.'
      : 'publicUrl is plain http: cookies travel unencrypted and without Secure, and the login cookies are '
        + 'SameSite=Lax, so form posts from ENTs and publishers on other hosts lose them. Use an https publicUrl.',
  };
}
