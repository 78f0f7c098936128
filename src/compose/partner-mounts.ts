/**
 * The partner web services (distributors' subscriptions, assignment counts and reports; ENTs'
 * médiacentre) with their client-certificate authentication, and their own TLS listener.
 */
import type { X509Certificate } from 'node:crypto';
import type { BrokerConfig } from '../config/index.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { RequestHandler } from 'express';
import { authenticatePartner, createApp, listen, portOf, type IdentifyPartner } from '../http/index.js';
import {
  createAssignmentReportStore,
  createLicensingStore,
  createPartnerCertificateStore,
  createSubscriptionStore,
  type Store,
} from '../store/index.js';
import { createDistributorService, partnerWebServices } from '../subscriptions/index.js';
import {
  authenticatePartnerCertificate,
  loadOrCreatePartnerCa,
  loadOrCreateServerCertificate,
  type PartnerKind,
} from '../trust/index.js';
import type { BaseUrl } from './compose-login.js';
import { composeMediacentre } from './compose-mediacentre.js';

export type Readiness = () => Promise<{ ready: boolean; checks: Record<string, unknown> }>;
export type PartnerMounts = ReturnType<typeof partnerMounts>;

/** Trust's certificate check, for one kind of partner, as the transport's `identify`. */
function identifyAs(store: Store, kind: PartnerKind, partnerCa: X509Certificate): IdentifyPartner {
  const registry = createPartnerCertificateStore(store);
  return async (presented, now) => {
    const partner = await authenticatePartnerCertificate(presented, registry, { now, expectedKind: kind, partnerCa });
    return { kind: partner.partnerKind, id: partner.partnerId };
  };
}

/** The client-certificate middleware of the web services that serve one kind of partner. */
export function partnerAuthentication(
  store: Store,
  partnerCa: X509Certificate,
  proxy: BrokerConfig['webServices']['proxy'],
  clock: Clock,
): (kind: PartnerKind) => RequestHandler {
  return (kind) => authenticatePartner({ identify: identifyAs(store, kind, partnerCa), clock, proxy });
}

export function partnerMounts(config: BrokerConfig, store: Store, baseUrl: BaseUrl, logger: Logger, clock: Clock) {
  const ca = loadOrCreatePartnerCa(config.webServices.partnerCa, clock.now());
  const authenticate = partnerAuthentication(store, ca.certificate, config.webServices.proxy, clock);
  const subscriptions = createSubscriptionStore(store);
  const licensing = createLicensingStore(store);
  const service = createDistributorService({
    store: subscriptions,
    afterLicensingChange: async (uai, audit) => {
      await licensing.reconcile({ uai }, audit);
    },
  });
  const mounts = partnerWebServices({
    config: config.webServices,
    service,
    subscriptions,
    reports: createAssignmentReportStore(store),
    authenticate: authenticate('distributor'),
    clock,
    logger,
  });
  const mediacentre = composeMediacentre(config, store, authenticate('ent'), baseUrl, logger, clock);
  return { mounts: [...mounts, mediacentre], caPem: ca.certificatePem };
}

export async function listenPartners(
  config: BrokerConfig,
  partners: PartnerMounts,
  logger: Logger,
  readiness: Readiness,
) {
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
      subscriptions: `${base}${ws.subscriptionsPath}`,
      assignmentCounts: `${base}${ws.assignmentCountsPath}`,
      assignmentReports: `${base}${ws.assignmentReportsPath}`,
      mediacentre: `${base}${ws.mediacentrePath}`,
    },
  };
}
