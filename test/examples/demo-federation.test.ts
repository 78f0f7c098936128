/**
 * The demo federation of `npm start` over the real composition root: seeded once and
 * left alone on a second start, both partners and the demo ENT's client certificate registered,
 * the médiacentre listing what the broker's médiacentre web service answers, and the newcomer's
 * click-through — pick a pupil, médiacentre, /domaineGar, the demo ENT, the broker, the demo
 * publisher showing IDO/UAI/PRO…, then a second resource without a new ENT login.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import type { BrokerConfig } from '../../src/config/index.js';
import { demoBrokerConfig } from '../support/demo-broker-config.js';
import { loadDemoFederation } from '../../src/cli/demo-federation-loader.js';
import { startBroker, type RunningBroker } from '../../src/compose/index.js';
import { createPartnerCertificateStore, createResourceStore } from '../../src/store/index.js';
import { provideDemoEntCertificate } from '../../examples/demo-ent-certificate.js';
import {
  provideDemoPseudonymSecret,
  startDemoFederation,
  type RunningDemoFederation,
} from '../../examples/demo-federation.js';
import { demoDistributor, demoEntityIds, demoResources } from '../../examples/demo-catalogue.js';
import { demoEstablishment } from '../../examples/demo-directory.js';
import { rejectedCode } from '../support/thrown-code.js';
import { postedForm, TestBrowser, type Hop } from '../support/test-browser.js';

const logger = pino({ level: 'silent' });
type Resource = (typeof demoResources)[number];
const [maths, francais, atlas, quiz, dictionnaire] = demoResources as [
  Resource,
  Resource,
  Resource,
  Resource,
  Resource,
];

describe('examples: the demo federation (npm start)', function () {
  this.timeout(60000);
  let dir: string;
  let config: BrokerConfig;
  let broker: RunningBroker;
  let demo: RunningDemoFederation;
  let uai: string;
  const start = (ports: { entPort: number; publisherPort: number } = { entPort: 0, publisherPort: 0 }) =>
    startDemoFederation({
      brokerUrl: broker.url,
      store: broker.store,
      config,
      logger,
      ...ports,
      dataDir: join(dir, 'demo'),
      mediacentreUrl: broker.urls['mediacentre'] as string,
    });
  const entCertificateFile = () => readFileSync(join(dir, 'demo', 'keys', 'ent-mediacentre.crt'), 'utf8');
  const entCertificates = () =>
    broker.store.db
      .selectFrom('partner_certificate')
      .select(['partner_kind', 'partner_id', 'origin', 'revoked_at'])
      .execute();

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gar-demo-'));
    config = demoBrokerConfig(dir);
    broker = await startBroker(config, logger);
    demo = await start();
    uai = (await demoEstablishment(broker.store)).uai;
  });
  after(async () => {
    await demo.close();
    await broker.close();
  });

  it('seeds the directory, the catalogue, contracts, subscriptions, assignments and both partners', async () => {
    assert.deepEqual(demo.seed.catalogue, {
      resources: { added: 5, changed: 0, unchanged: 0 },
      contractsApproved: 5,
      subscriptionsCreated: 5,
      assignmentsAdded: 6,
    });
    assert.deepEqual(demo.seed.oidcCas, { oidcClient: 'added', casServices: ['added'], casRemoved: [] });
    assert.equal(demo.seed.delivery, 'imported');
    assert.deepEqual(demo.seed.partners, { idp: 'added', sp: 'added', removed: [] });
    assert.equal(demo.seed.entCertificate, 'issued');
    assert.deepEqual(await entCertificates(), [
      { partner_kind: 'ent', partner_id: 'DEMO', origin: 'issued', revoked_at: null },
    ]);
    const partners = await broker.store.db
      .selectFrom('saml_partner')
      .select(['entity_id', 'role', 'ent_id', 'distributor_id'])
      .orderBy('role')
      .execute();
    assert.deepEqual(
      partners.map((p) => [p.role, p.ent_id ?? p.distributor_id, p.entity_id]),
      [
        ['idp', 'DEMO', demoEntityIds.ent],
        ['sp', demoDistributor.id, demoEntityIds.publisher],
      ],
    );
    const resource = await createResourceStore(broker.store).findResource(maths.idRessource);
    assert.equal(resource?.fournisseurService, demoEntityIds.publisher);
    assert.equal(resource?.urlAccesRessource, `${(demo.urls['publisher'] as string).replace(/\/$/, '')}${maths.path}`);
  });

  it('changes nothing on a second start (same ports) and does not fail', async () => {
    const ports = {
      entPort: Number(new URL(demo.startUrl).port),
      publisherPort: Number(new URL(demo.urls['publisher'] as string).port),
    };
    const audited = async () =>
      (
        await broker.store.db
          .selectFrom('audit_event')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n;
    const before = await audited();
    const certificate = entCertificateFile();
    await demo.close();
    demo = await start(ports);
    assert.deepEqual(demo.seed, {
      delivery: 'unchanged',
      catalogue: {
        resources: { added: 0, changed: 0, unchanged: 5 },
        contractsApproved: 0,
        subscriptionsCreated: 0,
        assignmentsAdded: 0,
      },
      partners: { idp: 'unchanged', sp: 'unchanged', removed: [] },
      oidcCas: { oidcClient: 'unchanged', casServices: ['unchanged'], casRemoved: [] },
      entCertificate: 'reused',
    });
    assert.equal(Number(await audited()), Number(before));
    assert.equal(entCertificateFile(), certificate, 'the same certificate, re-used');
    assert.equal((await entCertificates()).length, 1, 'not registered again');
  });

  it("serves both partners' metadata and the pick-a-pupil page", async () => {
    for (const name of ['entMetadata', 'publisherMetadata']) {
      const response = await fetch(demo.urls[name] as string);
      assert.equal(response.status, 200);
      assert.match(await response.text(), /EntityDescriptor/);
    }
    const page = await new TestBrowser().get(demo.startUrl);
    assert.equal(page.status, 200);
    assert.match(page.body, /Se connecter avec ce compte/);
    assert.ok(accounts(page.body).length >= 5);
  });

  it("the médiacentre of a 6A pupil lists what the broker's médiacentre web service answers, with links", async () => {
    const page = await logIn(
      new TestBrowser(),
      accounts((await new TestBrowser().get(demo.startUrl)).body)[0] as string,
    );
    const { listed, demonstration } = sections(page);
    assert.deepEqual(
      names(listed),
      [dictionnaire.nom, francais.nom, maths.nom, quiz.nom],
      'sorted by name, as the web service answers',
    );
    assert.match(listed, /manuel numérique/);
    for (const resource of [maths, francais, quiz, dictionnaire]) {
      const href = hrefs(listed).find((h) => new URL(h).searchParams.get('idRessource') === resource.idRessource);
      assert.ok(
        href?.startsWith(`${new URL(broker.url).origin}/domaineGar?`),
        `the web service's link for ${resource.nom}`,
      );
    }
    assert.match(demonstration, /Pour la démonstration : ressources non affectées à cet élève/);
    assert.deepEqual(names(demonstration), [atlas.nom]);
  });

  it(
    'a pupil of another class does not get « Exercices de français » from the web service; '
      + 'it stays in the demonstration section',
    async () => {
      const page = await logIn(
        new TestBrowser(),
        accounts((await new TestBrowser().get(demo.startUrl)).body)[2] as string,
      );
      const { listed, demonstration } = sections(page);
      assert.deepEqual(names(listed), [maths.nom]);
      assert.deepEqual(names(demonstration).sort(), [atlas.nom, francais.nom, quiz.nom, dictionnaire.nom].sort());
      assert.ok(
        hrefs(demonstration).every((h) => h.startsWith(`${broker.url}/domaineGar?`)),
        'hand-built links to the refusal page',
      );
    },
  );

  it(
    'click-through: pick a pupil → médiacentre → resource (IDO/UAI/PRO…) '
      + '→ a second resource without a new ENT login',
    async () => {
      const browser = new TestBrowser();
      const mediacentre = await logIn(browser, accounts((await browser.get(demo.startUrl)).body)[0] as string);
      const first = await openFromMediacentre(browser, mediacentre, maths.idRessource);
      assert.match(first, /Première ressource de cette session/);
      for (const code of ['IDO', 'UAI', 'PRO', 'NOM', 'PRE', 'DIV', 'E_MS4'])
        assert.match(first, new RegExp(`<code>${code}</code>`));
      assert.match(first, /<code>[0-9a-f]{128}<\/code>/, 'IDO: 128 hex characters');
      assert.match(first, /<code>National_elv<\/code>/);
      assert.match(first, /chiffrée pour l’éditeur<\/th><td>oui/);
      const answered = demo.entResponses();
      const second = await openFromMediacentre(browser, mediacentre, francais.idRessource);
      assert.equal(demo.entResponses(), answered, 'no new ENT login');
      assert.match(second, /Aucune nouvelle connexion à l’ENT/);
      assert.doesNotMatch(second, /<code>NOM<\/code>/, "only what this resource's contract allows");
    },
  );

  it(
    'asks the ENT login first when the médiacentre link is opened by a browser not logged into the ENT, '
      + 'then continues',
    async () => {
      const browser = new TestBrowser();
      const account = accounts((await browser.get(demo.startUrl)).body)[0] as string;
      const atEnt = await browser.get(link(maths.idRessource));
      assert.match(atEnt.location ?? '', /\/saml\/sso\?SAMLRequest=/);
      const askLogin = await browser.get(atEnt.location as string);
      assert.equal(askLogin.status, 303);
      const pick = await browser.get(new URL(askLogin.location as string, demo.startUrl).href);
      const suite = /name="suite" value="([^"]+)"/.exec(pick.body)?.[1]?.replace(/&amp;/g, '&');
      assert.ok(suite !== undefined);
      assert.ok(suite.startsWith('/saml/sso?'));
      const back = await browser.post(new URL('/connexion', demo.startUrl).href, { compte: account, suite });
      assert.equal(back.location, suite);
      const form = postedForm((await browser.get(new URL(suite, demo.startUrl).href)).body);
      assert.ok(form, 'the same AuthnRequest is answered once logged in');
      const page = await throughBroker(browser, await browser.post(form.action, form.fields));
      assert.match(page, /Bienvenue/);
    },
  );

  it("shows the broker's refusal for a resource nobody was assigned, and for a class the pupil is not in", async () => {
    const browser = new TestBrowser();
    const list = accounts((await browser.get(demo.startUrl)).body);
    await logIn(browser, list[0] as string);
    const refused = await entLeg(browser, await browser.get(link(atlas.idRessource)));
    assert.equal(refused.status, 403);
    assert.match(refused.body, /ERR_LOGIN_NOT_ENTITLED/);
    const other = new TestBrowser();
    await logIn(other, list[2] as string);
    const notInClass = await entLeg(other, await other.get(link(francais.idRessource)));
    assert.equal(notInClass.status, 403);
  });

  it('the demo publisher takes an answer once (InResponseTo of its own pending login)', async () => {
    const browser = new TestBrowser();
    const mediacentre = await logIn(browser, accounts((await browser.get(demo.startUrl)).body)[0] as string);
    await openFromMediacentre(browser, mediacentre, maths.idRessource);
    // The broker checks who is logged in at the ENT (passive request) before reusing its session.
    const toPublisher = await entLeg(browser, await browser.get(link(maths.idRessource)));
    const atPublisher = await browser.get(toPublisher.location as string);
    const form = postedForm((await browser.get(atPublisher.location as string)).body);
    assert.ok(form);
    assert.equal((await browser.post(form.action, form.fields)).status, 200);
    assert.equal((await browser.post(form.action, form.fields)).status, 403, 'replayed');
  });

  it(
    'the head, a licence manager in the demo feed, '
      + 'logs into the console through the demo ENT and sees the collège',
    async () => {
      const browser = new TestBrowser();
      const head = accounts((await browser.get(demo.startUrl)).body).at(-1) as string;
      await logIn(browser, head);
      const toEnt = await browser.get(`${broker.url}/console/saml/login?idENT=DEMO`);
      assert.equal(toEnt.status, 302);
      assert.ok((toEnt.location ?? '').startsWith(new URL('/saml/sso', demo.startUrl).href), toEnt.location);
      const form = postedForm((await browser.get(toEnt.location as string)).body);
      assert.ok(form, "the demo ENT answers the console's AuthnRequest");
      assert.equal(form.action, `${broker.url}/console/saml/acs`);
      const landed = await browser.post(form.action, form.fields);
      assert.equal(landed.status, 200, landed.body.slice(0, 300));
      const home = await browser.get(`${broker.url}/console/`);
      assert.equal(home.status, 200);
      const uai = (
        await broker.store.db
          .selectFrom('establishment')
          .select('uai')
          .where('ent_id', '=', 'DEMO')
          .executeTakeFirstOrThrow()
      ).uai;
      assert.match(home.body, new RegExp(`/console/etablissements/${uai}`));
    },
  );

  it('keeps the demo pseudonym secret once made', () => {
    const env: NodeJS.ProcessEnv = {};
    const secretDir = join(dir, 'secret');
    provideDemoPseudonymSecret(env, secretDir);
    const first = env['GAR_BROKER_PSEUDONYM_SECRET'];
    assert.match(first ?? '', /^[0-9a-f]{64}$/);
    provideDemoPseudonymSecret(env, secretDir);
    assert.equal(env['GAR_BROKER_PSEUDONYM_SECRET'], first);
  });

  it('the demo ENT refuses an AuthnRequest whose signature does not match', async () => {
    const browser = new TestBrowser();
    await logIn(browser, accounts((await browser.get(demo.startUrl)).body)[0] as string);
    const atEnt = await browser.get(link(maths.idRessource));
    const signature = new URL(atEnt.location as string).searchParams.get('Signature') ?? '';
    const flipped = `${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
    const tampered = (atEnt.location as string).replace(/Signature=[^&]*/, `Signature=${encodeURIComponent(flipped)}`);
    assert.equal((await browser.get(tampered)).status, 400);
  });

  it(
    'serve --demo: refused with NODE_ENV=production; '
      + 'otherwise the computed path loads this module; a missing examples/ is named',
    async () => {
      assert.equal(await rejectedCode(loadDemoFederation({ NODE_ENV: 'production' })), 'ERR_DEMO_PRODUCTION');
      const module = await loadDemoFederation({});
      assert.equal(typeof module.startDemoFederation, 'function');
      assert.equal(typeof module.provideDemoPseudonymSecret, 'function');
      const missing = new URL('../../examples/absent/demo-federation.js', import.meta.url).href;
      assert.equal(await rejectedCode(loadDemoFederation({}, missing)), 'ERR_DEMO_UNAVAILABLE');
    },
  );

  it(
    "the demo ENT's certificate: registered again in a fresh registry, "
      + 'issued anew once revoked (the page then names the refusal)',
    async () => {
      const provide = () =>
        provideDemoEntCertificate(broker.store, config, { dataDir: join(dir, 'demo'), at: new Date(), actor: 'test' });
      await broker.store.db.deleteFrom('partner_certificate').execute();
      assert.equal((await provide()).outcome, 'registered');
      const [kept] = await createPartnerCertificateStore(broker.store).listCertificates({ kind: 'ent', id: 'DEMO' });
      await createPartnerCertificateStore(broker.store).revokeCertificate(
        kept?.fingerprint as string,
        new Date(),
        'test',
      );
      const before = entCertificateFile();
      assert.equal((await provide()).outcome, 'issued');
      assert.notEqual(entCertificateFile(), before);
      // The running demo ENT still holds the revoked one: its médiacentre says so, and still offers the demo resources.
      const page = await logIn(
        new TestBrowser(),
        accounts((await new TestBrowser().get(demo.startUrl)).body)[0] as string,
      );
      assert.match(page, /code <code>ERR_WS_CLIENT_CERT_REVOKED<\/code>/);
      assert.equal(names(sections(page).demonstration).length, 5);
    },
  );

  // ---- the browser's legs

  /** The médiacentre's link, as GAR writes it (gar-reference §2 A). */
  function link(idRessource: string): string {
    const b64 = (s: string) => encodeURIComponent(Buffer.from(s).toString('base64'));
    return (
      `${broker.url}/domaineGar?idENT=${b64('DEMO')}&idEtab=${b64(uai)}`
      + `&idRessource=${encodeURIComponent(idRessource)}`
    );
  }

  /** The web service's section and the demonstration section of the médiacentre page. */
  function sections(html: string): { listed: string; demonstration: string } {
    const listed = /<section id="mes-ressources">([\s\S]*?)<\/section>/.exec(html)?.[1];
    assert.ok(listed !== undefined, "the page has the web service's section");
    return { listed, demonstration: /<section id="demonstration"[^>]*>([\s\S]*?)<\/section>/.exec(html)?.[1] ?? '' };
  }

  const decodeEntities = (text: string): string => text.replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  const names = (html: string): string[] =>
    [...html.matchAll(/<h3>([^<]*)<\/h3>/g)].map((m) => decodeEntities(m[1] as string));
  const hrefs = (html: string): string[] =>
    [...html.matchAll(/href="([^"]*)"/g)].map((m) => decodeEntities(m[1] as string));

  function accounts(html: string): string[] {
    return [...html.matchAll(/name="compte" value="([^"]+)"/g)].map((m) => m[1] as string);
  }

  async function logIn(browser: TestBrowser, account: string): Promise<string> {
    const done = await browser.post(new URL('/connexion', demo.startUrl).href, { compte: account });
    assert.equal(done.status, 303);
    const page = await browser.get(new URL(done.location as string, demo.startUrl).href);
    assert.equal(page.status, 200);
    assert.match(page.body, /Médiacentre/);
    return page.body;
  }

  /** From a médiacentre link to the resource page the publisher shows. */
  async function openFromMediacentre(browser: TestBrowser, mediacentre: string, idRessource: string): Promise<string> {
    const href = [...mediacentre.matchAll(/href="([^"]*domaineGar[^"]*)"/g)]
      .map((m) => (m[1] as string).replace(/&amp;/g, '&'))
      .find((h) => new URL(h).searchParams.get('idRessource') === idRessource);
    assert.ok(href, 'the médiacentre links the resource');
    return throughBroker(browser, await entLeg(browser, await browser.get(href)));
  }

  /** When the broker sends the browser to the ENT, the ENT's auto-post goes back to the broker's ACS. */
  async function entLeg(browser: TestBrowser, hop: Hop): Promise<Hop> {
    if (hop.status !== 302 || !(hop.location ?? '').startsWith(new URL('/saml/sso', demo.startUrl).href)) return hop;
    const form = postedForm((await browser.get(hop.location as string)).body);
    assert.ok(form, 'the ENT answers with an auto-posting form');
    assert.equal(form.action, `${broker.url}/saml/sp/acs`);
    return browser.post(form.action, form.fields);
  }

  /** The broker sends the browser to the resource; the publisher's login comes back answered. */
  async function throughBroker(browser: TestBrowser, hop: Hop): Promise<string> {
    assert.equal(hop.status, 302, hop.body.slice(0, 300));
    const atPublisher = await browser.get(hop.location as string);
    assert.equal(atPublisher.status, 302);
    assert.match(atPublisher.location ?? '', /\/saml\/idp\/sso\?SAMLRequest=/);
    const answer = await browser.get(atPublisher.location as string);
    const form = postedForm(answer.body);
    assert.ok(form, `the broker answers the publisher: ${answer.status} ${answer.body.slice(0, 300)}`);
    const page = await browser.post(form.action, form.fields);
    assert.equal(page.status, 200, page.body.slice(0, 500));
    return page.body;
  }
});
