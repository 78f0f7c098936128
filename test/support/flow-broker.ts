/**
 * A started broker for the flow tests (the real composition root, SQLite or PostgreSQL), with
 * the licensing tests' collège in its directory, a small catalogue of SAML resources with
 * approved contracts and ETABL subscriptions valid today, the samlify ENT registered for ENT
 * project Z0 and two node-saml publishers registered for their technical distributors.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { loadConfig, type BrokerConfig } from '../../src/config/index.js';
import type { Clock } from '../../src/core/clock.js';
import { registerSamlPartner } from '../../src/federation/index.js';
import { startBroker, type RunningBroker } from '../../src/compose/index.js';
import { createContractStore, createResourceStore, createSamlPartnerStore } from '../../src/store/index.js';
import type { ResourceDescription } from '../../src/subscriptions/index.js';
import { adminQuery, type TestDialect } from './each-dialect.js';
import { addSubscription, entId, seedDirectory, uai } from './licensing-fixtures.js';
import { peerKey, testEnt, testPublisher, type PeerKey, type TestEnt, type TestPublisher } from './saml-flow-peers.js';

export const distributorA = '123456789_0000000000000001';
export const distributorB = '123456789_0000000000000002';
export const resources = {
  maths: 'ark:/86527/manuel-maths-6e',
  french: 'ark:/86527/exercices-francais',
  unassigned: 'ark:/86527/non-affecte',
  atlas: 'ark:/86527/atlas-b',
} as const;

export interface FlowBroker {
  readonly broker: RunningBroker;
  readonly ent: TestEnt;
  readonly publisherA: TestPublisher;
  readonly publisherB: TestPublisher;
  readonly spMetadata: string;
  readonly keys: { readonly ent: PeerKey; readonly spA: PeerKey; readonly spB: PeerKey; readonly encA: PeerKey };
  /** The broker's configuration (a second node of a cluster starts from it). */
  readonly config: BrokerConfig;
  /** The web-services listener's certificate (PEM), when started with `webServices`. */
  readonly wsCa?: string;
  close(): Promise<void>;
}

let peerKeys: FlowBroker['keys'] | undefined;

/** A new empty database of the dialect: a SQLite file, or a PostgreSQL database on the test server. */
export async function databaseFor(dialect: TestDialect, dir: string): Promise<{ url: string; drop(): Promise<void> }> {
  if (dialect === 'sqlite') return { url: `sqlite:${join(dir, 'db.sqlite')}`, drop: async () => undefined };
  const base = process.env['GAR_TEST_PG_URL'];
  if (!base) throw new Error('no PostgreSQL for tests');
  const name = `flow_${randomBytes(6).toString('hex')}`;
  await adminQuery(base, `create database ${name}`);
  return { url: base.replace(/\/[^/]*$/, `/${name}`), drop: () => adminQuery(base, `drop database ${name}`) };
}

export async function startFlowBroker(
  dialect: TestDialect = 'sqlite',
  options: {
    readonly encryptUpstream?: boolean;
    readonly webServices?: boolean;
    readonly clock?: Clock;
    /** The ENT declares a SingleLogoutService (the broker then sends it its LogoutRequests and LogoutResponses). */
    readonly entSlo?: boolean;
    /** `cas.endedSessionCheckSeconds`: a test that runs the check itself sets it long, so the timer never races it. */
    readonly casCheckSeconds?: number;
    /** Publisher A declares a SingleLogoutService (the broker then tells it of logouts). */
    readonly publisherSlo?: boolean;
    /**
     * Configuration overrides of the `login` section. Without it the session is reused without
     * asking the ENT again (these flows test decisions and releases); `{}` keeps the product's
     * defaults, the passive check at every médiacentre click (session-logout.test.ts).
     */
    readonly login?: Record<string, unknown>;
  } = {},
): Promise<FlowBroker> {
  const dir = mkdtempSync(join(tmpdir(), 'gar-flow-'));
  const database = await databaseFor(dialect, dir);
  const config = loadConfig({
    env: {},
    overrides: {
      database: { url: database.url },
      http: { port: 0 },
      saml: { metadataDir: join(dir, 'metadata'), keysDir: join(dir, 'keys') },
      webServices:
        options.webServices === true
          ? {
              enabled: true,
              port: 0,
              tls: { certFile: join(dir, 'pki/ws.crt'), keyFile: join(dir, 'pki/ws.key') },
              partnerCa: { certFile: join(dir, 'pki/ca.crt'), keyFile: join(dir, 'pki/ca.key') },
            }
          : { enabled: false },
      pseudonyms: { secret: randomBytes(32).toString('hex') },
      // The test OpenID Providers (ENTs) listen on plain http on 127.0.0.1.
      oidc: { allowInsecureHttp: true },
      ...(options.casCheckSeconds === undefined ? {} : { cas: { endedSessionCheckSeconds: options.casCheckSeconds } }),
      login: options.login ?? { confirmEveryMediacentreEntry: false, sessionConfirmSeconds: 3600 },
    },
  });
  const broker = await startBroker(config, pino({ level: 'silent' }), options.clock);
  peerKeys ??= {
    ent: peerKey('test ENT'),
    spA: peerKey('publisher A'),
    spB: peerKey('publisher B'),
    encA: peerKey('publisher A encryption'),
  };
  const ent = testEnt(peerKeys.ent, { encrypt: options.encryptUpstream === true, slo: options.entSlo === true });
  const spMetadata = await (await fetch(broker.urls['spMetadata'] as string)).text();
  const idpMetadata = await (await fetch(broker.urls['idpMetadata'] as string)).text();
  const brokerCert = certificateOf(idpMetadata);
  const sso = `${broker.url}/saml/idp/sso`;
  const slo = options.publisherSlo === true ? { brokerSloUrl: `${broker.url}/saml/idp/slo` } : undefined;
  const publisherA = testPublisher('publisher-a', sso, brokerCert, peerKeys.spA, peerKeys.encA, slo);
  const publisherB = testPublisher('publisher-b', sso, brokerCert, peerKeys.spB);
  await seed(broker, ent, publisherA, publisherB);
  return {
    broker,
    ent,
    publisherA,
    publisherB,
    spMetadata,
    keys: peerKeys,
    config,
    ...(options.webServices === true ? { wsCa: readFileSync(join(dir, 'pki/ws.crt'), 'utf8') } : {}),
    close: async () => {
      await broker.close();
      await database.drop();
    },
  };
}

async function seed(broker: RunningBroker, ent: TestEnt, a: TestPublisher, b: TestPublisher): Promise<void> {
  const { db } = broker.store;
  await seedDirectory(db, { pupilsPerClass: 3 });
  const at = new Date();
  const audit = { actor: 'test', at, correlationId: 'c-flow' };
  await createResourceStore(broker.store).saveResources(
    [
      resource(resources.maths, 'Manuel de mathématiques 6e', distributorA, a, 'https://publisher-a.test/maths'),
      resource(resources.french, 'Exercices de français', distributorA, a, 'https://publisher-a.test/francais'),
      resource(resources.unassigned, 'Ressource non affectée', distributorA, a, 'https://publisher-a.test/autre'),
      resource(resources.atlas, 'Atlas', distributorB, b, 'https://publisher-b.test/atlas'),
    ],
    audit,
  );
  const contracts = createContractStore(broker.store);
  for (const id of Object.values(resources)) {
    await contracts.submitContract(
      { idRessource: id, version: 1, finalite: 'Tests de bout en bout.', attributs: ['NOM', 'PRE', 'DIV', 'E_MS4'] },
      audit,
    );
    await contracts.approveContract(id, 1, audit);
  }
  for (const [id, res, distributor] of [
    ['ABO-M', resources.maths, distributorA],
    ['ABO-F', resources.french, distributorA],
    ['ABO-A', resources.atlas, distributorB],
  ] as const) {
    await addSubscription(db, { id, distributor, resource: res, type: 'ETABL', global: 'ILLIMITE' });
  }
  await db
    .updateTable('subscription')
    .set({ valid_from: '2020-01-01T00:00:00', valid_until: '2099-08-15T00:00:00' })
    .execute();
  const partners = { store: createSamlPartnerStore(broker.store), now: at, actor: 'test' };
  await registerSamlPartner({ role: 'idp', entId, source: { kind: 'cli' }, metadataXml: ent.metadataXml }, partners);
  await registerSamlPartner(
    { role: 'sp', distributorId: distributorA, source: { kind: 'cli' }, metadataXml: a.metadataXml },
    partners,
  );
  await registerSamlPartner(
    { role: 'sp', distributorId: distributorB, source: { kind: 'cli' }, metadataXml: b.metadataXml },
    partners,
  );
}

function resource(
  idRessource: string,
  nom: string,
  distributor: string,
  sp: TestPublisher,
  url: string,
): ResourceDescription {
  return {
    idRessource,
    typeIdRessource: 'ark',
    nomRessource: nom,
    editeur: { id: 'editeur-1', nom: 'Éditeur' },
    distributeurCom: { id: distributor, nom: 'Distributeur' },
    distributeurTech: { id: distributor, nom: 'Distributeur' },
    fournisseurService: sp.entityId,
    urlAccesRessource: url,
    typePresentation: { code: 'MAN', nom: 'manuel numérique' },
    niveauEducatif: [],
    domaineEnseignement: [],
  };
}

/** The first signing certificate of the broker's IdP metadata, as PEM. */
function certificateOf(metadata: string): string {
  const b64 = /<(?:ds:)?X509Certificate>([^<]+)</.exec(metadata)?.[1]?.replace(/\s+/g, '');
  if (b64 === undefined) throw new Error('no certificate in the broker IdP metadata');
  return `-----BEGIN CERTIFICATE-----\n${b64.match(/.{1,64}/g)?.join('\n')}\n-----END CERTIFICATE-----\n`;
}

export const mediacentreLink = (base: string, idRessource: string, establishment = uai): string => {
  const b64 = (s: string): string => encodeURIComponent(Buffer.from(s).toString('base64'));
  const query = `idENT=${b64(entId)}&idEtab=${b64(establishment)}&idRessource=${encodeURIComponent(idRessource)}`;
  return `${base}/domaineGar?${query}`;
};

/** A second ENT project (`Y9`, a samlify IdP of its own) registered: the broker then shows its discovery page. */
export async function registerSecondEnt(flow: FlowBroker, entIdOfIt = 'Y9'): Promise<void> {
  const other = testEnt(peerKey('other ENT'), { entityId: 'https://autre-ent.test/idp' });
  await registerSamlPartner(
    { role: 'idp', entId: entIdOfIt, source: { kind: 'cli' }, metadataXml: other.metadataXml },
    { store: createSamlPartnerStore(flow.broker.store), now: new Date(), actor: 'test' },
  );
}
