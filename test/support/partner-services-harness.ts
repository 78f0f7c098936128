/**
 * The partner web services on a real TLS listener over a fresh store, with distributors holding
 * real certificates made for the run: A (issued by the broker's partner CA), B (a registered
 * self-signed RSA certificate), and the bad ones — expired, revoked, from an unknown CA.
 */
import type { Server } from 'node:http';
import { pino } from 'pino';
import { fixedClock, type Clock } from '../../src/core/clock.js';
import type { BrokerConfig } from '../../src/config/index.js';
import { loadConfig } from '../../src/config/index.js';
import { createApp, listen, portOf } from '../../src/http/index.js';
import { partnerWebServices } from '../../src/subscriptions/index.js';
import { partnerAuthentication } from '../../src/compose/index.js';
import {
  createAssignmentReportStore,
  createLicensingStore,
  createPartnerCertificateStore,
  createSubscriptionStore,
  type Store,
} from '../../src/store/index.js';
import { createDistributorService } from '../../src/subscriptions/index.js';
import { describeCertificate, type PartnerCertificateStore } from '../../src/trust/index.js';
import { distributorA, distributorB, seedCatalogue } from './catalogue-fixtures.js';
import { freshStore, type TestDialect } from './each-dialect.js';
import { makeTestPki, type TestClientCertificate } from './test-pki.js';

export const harnessNow = new Date('2026-03-02T09:00:00Z');

export interface Harness {
  readonly url: string;
  readonly plainUrl: string;
  readonly ca: string;
  readonly store: Store;
  readonly clients: Readonly<
    Record<'a' | 'b' | 'expired' | 'revoked' | 'unknownCa' | 'unregistered', TestClientCertificate>
  >;
  readonly config: BrokerConfig['webServices'];
  close(): Promise<void>;
}

export async function startHarness(
  dialect: TestDialect,
  options: { readonly trustedProxies?: readonly string[]; readonly clock?: Clock } = {},
): Promise<Harness> {
  const clock = options.clock ?? fixedClock(harnessNow);
  const store = await freshStore(dialect);
  await seedCatalogue(store);
  const pki = makeTestPki(harnessNow);
  const registry = createPartnerCertificateStore(store);
  const day = 86_400_000;
  const clients = {
    a: pki.issueClient(distributorA),
    b: pki.issueClient(distributorB, { ca: 'self', keyType: 'rsa' }),
    expired: pki.issueClient(distributorA, {
      notBefore: new Date(harnessNow.getTime() - 30 * day),
      notAfter: new Date(harnessNow.getTime() - day),
    }),
    revoked: pki.issueClient(distributorA),
    unknownCa: pki.issueClient(distributorA, { ca: 'unknown' }),
    unregistered: pki.issueClient(distributorA),
  };
  await register(registry, clients.a.certPem, distributorA, 'issued');
  await register(registry, clients.b.certPem, distributorB, 'registered');
  await register(registry, clients.expired.certPem, distributorA, 'issued');
  await register(registry, clients.revoked.certPem, distributorA, 'issued');
  await registry.revokeCertificate(clients.revoked.fingerprint, harnessNow, 'test');

  const config = loadConfig({
    env: {},
    overrides: { webServices: { proxy: { trustedAddresses: [...(options.trustedProxies ?? [])] } } },
  }).webServices;
  const subscriptions = createSubscriptionStore(store);
  const licensing = createLicensingStore(store);
  const service = createDistributorService({
    store: subscriptions,
    afterLicensingChange: async (uai, audit) => {
      await licensing.reconcile({ uai }, audit);
    },
  });
  const logger = pino({ level: 'silent' });
  const mounts = partnerWebServices({
    config,
    service,
    subscriptions,
    reports: createAssignmentReportStore(store),
    authenticate: partnerAuthentication(store, pki.partnerCa.certificate, config.proxy, clock)('distributor'),
    clock,
    logger,
  });
  const readiness = async () => ({ ready: true, checks: {} });
  const server = pki.serverCert();
  const secure = await listen(createApp({ logger, trustProxy: false, readiness, mounts }), '127.0.0.1', 0, {
    ...server,
    ca: [pki.partnerCa.certificatePem],
  });
  const plain = await listen(createApp({ logger, trustProxy: false, readiness, mounts }), '127.0.0.1', 0);
  return {
    url: `https://localhost:${portOf(secure, 0)}`,
    plainUrl: `http://127.0.0.1:${portOf(plain, 0)}`,
    ca: server.cert,
    store,
    clients,
    config,
    async close() {
      await Promise.all(
        [secure, plain].map(
          (s: Server) =>
            new Promise<void>((done) => {
              s.close(() => done());
              s.closeAllConnections();
            }),
        ),
      );
      await store.close();
    },
  };
}

async function register(
  registry: PartnerCertificateStore,
  pem: string,
  partnerId: string,
  origin: 'issued' | 'registered',
): Promise<void> {
  const d = describeCertificate(pem);
  await registry.addCertificate(
    {
      fingerprint: d.fingerprint,
      partnerKind: 'distributor',
      partnerId,
      origin,
      subject: d.subject,
      serial: d.serial,
      notBefore: d.notBefore.toISOString(),
      notAfter: d.notAfter.toISOString(),
      createdAt: harnessNow.toISOString(),
      revokedAt: null,
    },
    partnerId === distributorA ? 'Distributeur A' : 'Distributeur B',
    'test',
  );
}
