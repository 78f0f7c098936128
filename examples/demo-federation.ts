/**
 * The demo federation behind `npm start` (`gar-broker serve --demo`): a demo ENT and a demo
 * publisher beside the broker, and the broker's store seeded so that a newcomer can pick a
 * pupil, open the médiacentre, click into a resource and then a second one without logging in
 * again (gar-reference §2 A). Not part of the broker: src/ never imports this folder statically,
 * and `serve --demo` is refused in production. Every start is idempotent: what is already there
 * is left as it is.
 *
 * | step                                                    | reuses                                   |
 * |---------------------------------------------------------|------------------------------------------|
 * | demo keys under var/demo/keys                           | trust's certificate maker                |
 * | listen (the ports make the partners' URLs)              |                                          |
 * | the demo ENT's directory: a generated delivery, imported | feed generate / feed import             |
 * | the demo ENT's client certificate for the médiacentre web service | partner issue-cert --kind ent   |
 * | resources, approved contracts, subscriptions, assignments | resource import, contract, web service, assign |
 * | the two partners' metadata in the federation registry   | partner metadata add                     |
 * | the demo publisher's OIDC client and CAS service         | partner oidc-client add / cas-service add |
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrokerConfig } from '../src/config/index.js';
import { systemClock, type Clock } from '../src/core/clock.js';
import { newCorrelationId } from '../src/core/correlation-id.js';
import { fail } from '../src/core/fail.js';
import type { Logger } from '../src/core/logger.js';
import type { Store } from '../src/store/index.js';
import { demoEntId, demoEntityIds, demoResources } from './demo-catalogue.js';
import { seedDemoCatalogue, type CatalogueSeedReport } from './demo-catalogue-seed.js';
import { importDemoDelivery, type DeliveryOutcome } from './demo-delivery.js';
import { demoEstablishment, demoUsers } from './demo-directory.js';
import { provideDemoEntCertificate, type EntCertificateOutcome } from './demo-ent-certificate.js';
import { createDemoEnt } from './demo-ent/demo-ent-app.js';
import type { DemoMediacentreService } from './demo-ent/demo-ent-mediacentre-client.js';
import { demoKeys } from './demo-keys.js';
import { registerDemoOidcAndCas, type OidcCasSeedReport } from './demo-oidc-cas-registrations.js';
import { registerDemoPartners, type PartnersSeedReport } from './demo-partners.js';
import { createDemoPublisher } from './demo-publisher/demo-publisher-app.js';

export { provideDemoPseudonymSecret } from './demo-secret.js';

export interface DemoFederationOptions {
  readonly brokerUrl: string;
  readonly store: Store;
  readonly config: BrokerConfig;
  readonly logger: Logger;
  /** Address both demo apps listen on (default 127.0.0.1); their URLs say `localhost`. */
  readonly host?: string;
  /** 0 picks a free port (tests). */
  readonly entPort?: number;
  readonly publisherPort?: number;
  /** Demo keys and the generated delivery (default var/demo). */
  readonly dataDir?: string;
  readonly clock?: Clock;
  /**
   * The broker's médiacentre web service, as the broker prints it (`urls.mediacentre`); default
   * `webServices.publicUrl` + `webServices.mediacentrePath` (a fixed port, as `npm start` has).
   */
  readonly mediacentreUrl?: string;
}

export interface DemoSeedReport {
  readonly delivery: DeliveryOutcome;
  readonly catalogue: CatalogueSeedReport;
  readonly partners: PartnersSeedReport;
  readonly oidcCas: OidcCasSeedReport;
  readonly entCertificate: EntCertificateOutcome;
}

export interface RunningDemoFederation {
  /** The demo ENT's pick-a-pupil page: the one URL to open. */
  readonly startUrl: string;
  readonly urls: Readonly<Record<string, string>>;
  readonly seed: DemoSeedReport;
  /** SAML Responses the demo ENT sent to the broker's interactive AuthnRequests since start. */
  entResponses(): number;
  /** Answers of the demo ENT to the broker's passive AuthnRequests (IsPassive) since start. */
  entPassiveResponses(): number;
  close(): Promise<void>;
}

export async function startDemoFederation(opts: DemoFederationOptions): Promise<RunningDemoFederation> {
  const clock = opts.clock ?? systemClock;
  const dataDir = opts.dataDir ?? 'var/demo';
  const keys = demoKeys(dataDir);
  const servers = await listenBoth(opts.host ?? '127.0.0.1', opts.entPort ?? 8081, opts.publisherPort ?? 8082);
  try {
    const [entUrl, publisherUrl] = servers.map((s) => `http://localhost:${(s.address() as AddressInfo).port}`) as [
      string,
      string,
    ];
    const { ent, publisher, seed } = await seedDemo(opts, { entUrl, publisherUrl, keys, dataDir, clock });
    servers[0].on('request', ent.app);
    servers[1].on('request', publisher.app);
    opts.logger.info({ event: 'demo.started', entUrl, publisherUrl, ...seed });
    return {
      startUrl: `${entUrl}/`,
      seed,
      entResponses: ent.answered,
      entPassiveResponses: ent.passiveAnswered,
      // `entMediacentre`, not `mediacentre`: serve prints these after the broker's own URLs, whose
      // `mediacentre` is the web service.
      urls: {
        ent: `${entUrl}/`,
        entMediacentre: `${entUrl}/mediacentre`,
        entMetadata: `${entUrl}/saml/metadata`,
        publisher: `${publisherUrl}/`,
        publisherMetadata: `${publisherUrl}/saml/metadata`,
      },
      close: () => closeAll(servers),
    };
  } catch (error) {
    await closeAll(servers);
    throw error;
  }
}

interface DemoPlace {
  readonly entUrl: string;
  readonly publisherUrl: string;
  readonly keys: ReturnType<typeof demoKeys>;
  readonly dataDir: string;
  readonly clock: Clock;
}

/**
 * The directory first (the ENT lists its people), then the apps (their metadata), then the catalogue
 * and the registry.
 */
async function seedDemo(opts: DemoFederationOptions, place: DemoPlace) {
  const { store, logger } = opts;
  const delivery = await importDemoDelivery(store, opts.config, { dataDir: place.dataDir, clock: place.clock, logger });
  const establishment = await demoEstablishment(store);
  const audit = { actor: 'system:demo', at: place.clock.now(), correlationId: newCorrelationId() };
  const entCertificate = await provideDemoEntCertificate(store, opts.config, {
    dataDir: place.dataDir,
    at: audit.at,
    actor: audit.actor,
  });
  const ent = createDemoEnt({
    entUrl: place.entUrl,
    entityId: demoEntityIds.ent,
    brokerUrl: opts.brokerUrl,
    entId: demoEntId,
    key: place.keys.entSigning,
    establishment,
    users: await demoUsers(store, establishment.uai),
    resources: demoResources,
    logger,
    ...mediacentreOf(opts, entCertificate.certificate),
  });
  const catalogue = await seedDemoCatalogue(
    store,
    {
      resources: demoResources,
      spEntityId: demoEntityIds.publisher,
      publisherUrl: place.publisherUrl,
      uai: establishment.uai,
    },
    audit,
  );
  // After the catalogue: a CAS service names a resource that must be there.
  const oidcCas = await registerDemoOidcAndCas(
    store,
    opts.config,
    { publisherUrl: place.publisherUrl, resources: demoResources, dataDir: place.dataDir },
    audit,
  );
  const publisher = createDemoPublisher({
    entityId: demoEntityIds.publisher,
    publisherUrl: place.publisherUrl,
    brokerUrl: opts.brokerUrl,
    mediacentreUrl: `${place.entUrl}/mediacentre`,
    keys: { signing: place.keys.publisherSigning, encryption: place.keys.publisherEncryption },
    resources: demoResources,
    oidc: oidcCas.client,
    logger,
  });
  const partners = await registerDemoPartners(
    store,
    {
      ent: { entityId: ent.entityId, xml: ent.metadataXml },
      publisher: { entityId: publisher.entityId, xml: publisher.metadataXml },
    },
    audit.at,
    audit.actor,
  );
  const seed: DemoSeedReport = {
    delivery,
    catalogue,
    partners,
    oidcCas: oidcCas.report,
    entCertificate: entCertificate.outcome,
  };
  return { ent, publisher, seed };
}

/** The web service the demo ENT asks, trusting the listener's own certificate file; none without web services. */
function mediacentreOf(
  opts: DemoFederationOptions,
  client: DemoMediacentreService['client'] | undefined,
): { mediacentre?: DemoMediacentreService } {
  if (client === undefined) return {};
  const ws = opts.config.webServices;
  return {
    mediacentre: {
      url: opts.mediacentreUrl ?? `${ws.publicUrl}${ws.mediacentrePath}`,
      caFile: ws.tls.certFile,
      client,
    },
  };
}

async function listenBoth(host: string, entPort: number, publisherPort: number): Promise<readonly [Server, Server]> {
  const ent = await listenOn(host, entPort, 'l’ENT de démonstration');
  try {
    return [ent, await listenOn(host, publisherPort, 'l’éditeur de démonstration')];
  } catch (error) {
    await closeAll([ent]);
    throw error;
  }
}

function listenOn(host: string, port: number, what: string): Promise<Server> {
  const server = createServer();
  return new Promise((done, failed) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      failed(
        error.code === 'EADDRINUSE'
          ? fail(
              'ERR_DEMO_PORT_IN_USE',
              `Le port ${port} de ${what} est déjà utilisé par un autre programme.`,
              `${host}:${port}`,
            )
          : error,
      );
    });
    server.listen(port, host, () => {
      server.removeAllListeners('error');
      done(server);
    });
  });
}

async function closeAll(servers: readonly Server[]): Promise<void> {
  await Promise.all(
    servers.map(
      (server) =>
        new Promise<void>((done) => {
          server.close(() => done());
          server.closeAllConnections();
        }),
    ),
  );
}
