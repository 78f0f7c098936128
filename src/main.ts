/**
 * Composition root: config → store → modules → http. The only file that imports everything.
 */
import { resolve } from 'node:path';
import type { BrokerConfig } from './config/index.js';
import { systemClock, type Clock } from './core/clock.js';
import type { Logger } from './core/logger.js';
import { watchDropFolders } from './directory/index.js';
import { createMetadataFetcher, loadMetadataFolder, scheduleMetadataRefresh } from './federation/index.js';
import { casRoutes, createApp, listen, partnerWebServices, portOf } from './http/index.js';
import {
  checkStoreHealth, createAssignmentReportStore, createConsoleSessionStore, createBrokerSessionStore,
  createLoginTransactionStore, createSessionParticipantStore, createLogoutRunStore, createReplayCache,
  createDirectoryImportStore, createSamlPartnerStore, createLicensingStore, createCasTicketStore,
  createOidcPayloadStore, createPartnerCertificateStore, createSubscriptionStore,
  migrateStore, openStore, type Store,
} from './store/index.js';
import { createDistributorService, scheduleDailyReports, type ReconcileSummary } from './subscriptions/index.js';
import { defaultMaxMetadataBytes, loadOrCreatePartnerCa, loadOrCreateServerCertificate } from './trust/index.js';
import { notifyEndedOidcSessions, notifyEndedSessions } from './broker/index.js';
import { composeLogin, type BaseUrl } from './compose-login.js';
import { composeMediacentre } from './compose-mediacentre.js';
import { composeConsole } from './compose-console.js';
import { composeOidc } from './compose-oidc.js';
import { consolePageModules } from './console-page-modules.js';
import { scheduleEndedSessionCheck } from './schedule-ended-session-check.js';

export interface RunningBroker {
  readonly url: string;
  readonly urls: Readonly<Record<string, string>>;
  readonly store: Store;
  close(): Promise<void>;
}

/** Resolves `sqlite:` paths under the configured data folder's working directory. */
export function databaseUrl(config: BrokerConfig): string {
  const url = config.database.url;
  if (!url.startsWith('sqlite:') || url === 'sqlite::memory:') return url;
  return `sqlite:${resolve(url.slice('sqlite:'.length))}`;
}

export async function openMigratedStore(config: BrokerConfig, logger: Logger): Promise<Store> {
  const store = await openStore({ url: databaseUrl(config), poolSize: config.database.poolSize });
  const applied = await migrateStore(store);
  if (applied.length > 0) logger.info({ event: 'store.migrated', migrations: applied });
  return store;
}

export async function startBroker(config: BrokerConfig, logger: Logger, clock: Clock = systemClock): Promise<RunningBroker> {
  const store = await openMigratedStore(config, logger);
  // Partners' metadata files are loaded at start; one that fails is reported and skipped.
  const metadata = await loadMetadataFolder(resolve(config.saml.metadataDir), { store: createSamlPartnerStore(store), now: clock.now(), logger });
  if (metadata.skipped.length > 0) logger.warn({ event: 'saml_partner.folder_incomplete', skipped: metadata.skipped.map((s) => ({ file: s.file, code: s.code })) });
  const baseUrl: BaseUrl = { value: config.publicUrl };
  const partners = config.webServices.enabled || config.webServices.proxy.trustedAddresses.length > 0
    ? partnerMounts(config, store, baseUrl, logger, clock) : undefined;
  const readiness = async () => {
    const health = await checkStoreHealth(store);
    return { ready: health.reachable && health.pendingMigrations.length === 0, checks: { database: health.reachable, pendingMigrations: health.pendingMigrations } };
  };
  // The plain listener carries the web services only for a TLS-terminating proxy that forwards
  // verified client certificates; without configured proxy addresses they are not mounted there.
  const plainMounts = config.webServices.proxy.trustedAddresses.length > 0 ? partners?.mounts ?? [] : [];
  const login = composeLogin(config, store, baseUrl, logger, clock);
  if (login.deps.pseudonymKey === undefined) logger.warn({ event: 'login.not_configured', reason: 'pseudonyms.secret is not set: logins are refused' });
  const consoleMounts = config.console.enabled ? [composeConsole(config, store, baseUrl, consolePageModules(store, { config, baseUrl, login, clock, logger }), logger, clock)] : [];
  const casMounts = config.cas.enabled ? [{ path: '/cas', router: casRoutes({ flow: login.deps, clock, logger }) }] : [];
  const oidcMounts = config.oidc.providerEnabled ? [composeOidc(config, store, baseUrl, login, logger, clock)] : [];
  const app = createApp({ logger, trustProxy: config.http.trustProxy, readiness, mounts: [...consoleMounts, ...casMounts, ...oidcMounts, { path: '/', router: login.router }, ...plainMounts] });
  const purge = schedulePurge(store, clock, logger);
  const endedSessions = scheduleEndedSessionCheck(async (ctx) => {
    const { cas } = login.deps;
    if (cas !== undefined) await notifyEndedSessions(cas, ctx);
    await notifyEndedOidcSessions(login.deps, ctx);
  }, config.cas.endedSessionCheckSeconds, clock, logger);
  const refresh = scheduleMetadataRefresh({
    store: createSamlPartnerStore(store), logger, refreshHours: config.saml.metadataRefreshHours,
    fetch: createMetadataFetcher({ timeoutMs: config.saml.metadataFetchTimeoutSeconds * 1000, maxBytes: defaultMaxMetadataBytes }),
  }, clock, config.saml.metadataRefreshCheckMinutes);
  const watcher = config.feeds.dropFolders.length === 0 ? null : watchDropFolders(
    createDirectoryImportStore(store, { batchSize: config.feeds.batchSize }),
    {
      folders: config.feeds.dropFolders, intervalSeconds: config.feeds.watchIntervalSeconds, maxInvalidShare: config.feeds.maxInvalidShare,
      readerThreads: config.feeds.readerThreads, clock, logger, afterApplied: async (entId) => { await reconcileAfterImport(store, entId, clock, logger); },
    },
  );
  const reports = partners ? scheduleDailyReports(createAssignmentReportStore(store), clock, logger) : undefined;
  const server = await listen(app, config.http.host, config.http.port);
  const port = portOf(server, config.http.port);
  // Port 0 (tests) picks a free port: the default public URL must then name the real one.
  const base = config.http.port === 0 ? config.publicUrl.replace(/:0$/, `:${port}`) : config.publicUrl;
  baseUrl.value = base;
  const secure = config.webServices.enabled && partners ? await listenPartners(config, partners, logger, readiness) : undefined;
  const urls: Record<string, string> = {
    health: `${base}/healthz`, readiness: `${base}/readyz`, spMetadata: `${base}/saml/sp/metadata`, idpMetadata: `${base}/saml/idp/metadata`, ...secure?.urls,
  };
  logger.info({ event: 'server.started', port, urls });
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
      await Promise.all([server, secure?.server].map((s) => s && new Promise<void>((done) => {
        s.close(() => done());
        s.closeAllConnections();
      })));
      await store.close();
    },
  };
}

/**
 * After a feed import, licences follow the directory (gar-reference §5): people who left give
 * theirs back, newcomers of live populations get one while licences remain.
 */
export async function reconcileAfterImport(store: Store, entId: string, clock: Clock, logger: Logger): Promise<ReconcileSummary> {
  const summary = await createLicensingStore(store).reconcile({ entId }, { actor: `system:feed-import:${entId}`, at: clock.now() });
  logger.info({ event: 'licence.reconciled', entId, ...summary });
  return summary;
}

function partnerMounts(config: BrokerConfig, store: Store, baseUrl: BaseUrl, logger: Logger, clock: Clock) {
  const ca = loadOrCreatePartnerCa(config.webServices.partnerCa, clock.now());
  const subscriptions = createSubscriptionStore(store);
  const licensing = createLicensingStore(store);
  const service = createDistributorService({
    store: subscriptions,
    afterLicensingChange: async (uai, audit) => { await licensing.reconcile({ uai }, audit); },
  });
  const mounts = partnerWebServices({
    config: config.webServices, service, subscriptions, reports: createAssignmentReportStore(store),
    registry: createPartnerCertificateStore(store), partnerCa: ca.certificate, clock, logger,
  });
  const mediacentre = composeMediacentre(config, store, { registry: createPartnerCertificateStore(store), partnerCa: ca.certificate }, baseUrl, logger, clock);
  return { mounts: [...mounts, mediacentre], caPem: ca.certificatePem };
}

async function listenPartners(config: BrokerConfig, partners: ReturnType<typeof partnerMounts>, logger: Logger, readiness: () => Promise<{ ready: boolean; checks: Record<string, unknown> }>) {
  const ws = config.webServices;
  const tls = loadOrCreateServerCertificate(ws.tls, { hostnames: [new URL(ws.publicUrl).hostname], now: new Date() });
  if (tls.created) logger.warn({ event: 'tls.self_signed_certificate_created', certFile: ws.tls.certFile });
  const app = createApp({ logger, trustProxy: false, readiness, mounts: partners.mounts, securityHeaders: 'api' });
  const server = await listen(app, ws.host, ws.port, { cert: tls.cert, key: tls.key, ca: [partners.caPem] });
  const port = portOf(server, ws.port);
  const base = ws.port === 0 ? ws.publicUrl.replace(/:0$/, `:${port}`) : ws.publicUrl;
  return {
    server,
    urls: {
      subscriptions: `${base}${ws.subscriptionsPath}`, assignmentCounts: `${base}${ws.assignmentCountsPath}`, assignmentReports: `${base}${ws.assignmentReportsPath}`,
      mediacentre: `${base}${ws.mediacentrePath}`,
    },
  };
}

/**
 * A CAS ticket is normally deleted by the check of ended sessions once its service was told; the
 * purge only takes what is left a day after the session's end (CAS disabled since, or the check
 * far behind), so it never removes a ticket before its back-channel logout had its chance.
 */
const unnotifiedTicketGraceMs = 24 * 3600 * 1000;

/** Expired login transactions, replay entries, sessions and CAS tickets are deleted every ten minutes. */
function schedulePurge(store: Store, clock: Clock, logger: Logger): NodeJS.Timeout {
  const ticketStore = createCasTicketStore(store);
  const stores = [
    createLoginTransactionStore(store), createReplayCache(store), createBrokerSessionStore(store),
    createConsoleSessionStore(store), ticketStore,
    createOidcPayloadStore(store), createSessionParticipantStore(store), createLogoutRunStore(store),
  ];
  const timer = setInterval(() => {
    const now = clock.now();
    const ticketsBefore = new Date(now.getTime() - unnotifiedTicketGraceMs);
    Promise.all(stores.map((s) => s.purgeExpired(s === ticketStore ? ticketsBefore : now)))
      .then(([
        transactions, replay, sessions, consoleSessions, casTickets, oidcPayloads, participants, logoutRuns,
      ]) => logger.debug({
        event: 'login.purged', transactions, replay, sessions, consoleSessions, casTickets, oidcPayloads, participants,
        logoutRuns,
      }))
      .catch((error: unknown) => logger.warn({ event: 'login.purge_failed', detail: String(error) }));
  }, 600_000);
  timer.unref();
  return timer;
}
