/**
 * The demo ENT's médiacentre against a stand-in for the broker's médiacentre web service (an
 * HTTPS server under the test's control): the question it asks and with which certificate, how
 * it shows an answer, and that an error, an unreadable answer, an unreachable or untrusted
 * service, or no web service at all still leave a working page that names what went wrong.
 */
import assert from 'node:assert/strict';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { pino } from 'pino';
import { loadOrCreateServerCertificate } from '../../src/trust/index.js';
import { demoResources } from '../../examples/demo-catalogue.js';
import { createDemoEnt } from '../../examples/demo-ent/demo-ent-app.js';
import type { DemoMediacentreService } from '../../examples/demo-ent/demo-ent-mediacentre-client.js';
import { loadOrCreateDemoKey } from '../../examples/demo-keys.js';
import { TestBrowser } from '../support/test-browser.js';
import { definedFields } from '../../src/core/defined-fields.js';

const pupil = {
  id: 'eleve/1',
  firstName: 'Ada',
  lastName: 'Essai',
  profile: 'National_elv',
  classes: ['6A'],
  hint: '',
};
const establishment = { uai: '0999001A', name: 'Collège d’essai' };
const [maths] = demoResources as [(typeof demoResources)[number]];
const allNames = demoResources.map((r) => r.nom);

interface Asked {
  readonly path: string;
  readonly accept: string | undefined;
  readonly clientCertificate: boolean;
}

describe("examples: the demo ENT's médiacentre asks the médiacentre web service", function () {
  this.timeout(20000);
  let dir: string;
  let service: Server;
  let serviceUrl: string;
  let answer: { status: number; body: string };
  const asked: Asked[] = [];
  const servers: Server[] = [];
  let client: DemoMediacentreService['client'];
  let caFile: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gar-demo-ent-'));
    caFile = join(dir, 'ws.crt');
    const tls = loadOrCreateServerCertificate(
      { certFile: caFile, keyFile: join(dir, 'ws.key') },
      { hostnames: ['localhost'], now: new Date() },
    );
    const { certPem, keyPem } = loadOrCreateDemoKey(dir, 'client', 'DEMO', 'client');
    client = { certPem, keyPem };
    service = createHttpsServer(
      { cert: tls.cert, key: tls.key, requestCert: true, rejectUnauthorized: false },
      (req, res) => {
        const peer = (req.socket as TLSSocket).getPeerCertificate();
        asked.push({
          path: req.url ?? '',
          accept: req.headers.accept,
          clientCertificate: peer.raw !== undefined && peer.raw.toString('base64').length > 0,
        });
        res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
      },
    );
    serviceUrl = `https://localhost:${await listening(service)}/ws/mediacentre`;
  });
  after(async () => {
    for (const server of [service, ...servers]) server.closeAllConnections();
    await Promise.all([service, ...servers].map((server) => new Promise((done) => server.close(done))));
  });

  it(
    'asks /ressources/{idENT}/{UAI}/{GARPersonIdentifiant} with its client certificate '
      + 'and shows the answer as given',
    async () => {
      const link =
        'http://broker.test/domaineGar?idENT=REVNTw%3D%3D&idEtab=x&idRessource=ark%3A%2F99999%2Fdemo-manuel-maths';
      answer = ok([
        {
          idRessource: maths.idRessource,
          nomRessource: 'Manuel (nom du service)',
          urlVignette: 'https://vignettes.test/maths.png',
          typePresentation: { code: 'MAN', nom: '' },
          urlAccesRessource: link,
        },
        {
          idRessource: 'ark:/99999/autre',
          nomRessource: 'Autre',
          urlVignette: '',
          typePresentation: { code: 'DOC', nom: 'presse' },
          urlAccesRessource: 'javascript:alert(1)',
        },
      ]);
      asked.length = 0;
      const page = await mediacentre({ url: serviceUrl, caFile, client });
      assert.deepEqual(asked, [
        {
          path: `/ws/mediacentre/ressources/DEMO/${establishment.uai}/eleve%2F1`,
          accept: 'application/json',
          clientCertificate: true,
        },
      ]);
      const listed = section(page, 'mes-ressources');
      assert.match(
        listed,
        /<h3>Manuel \(nom du service\)<\/h3><p class="muted">manuel numérique<\/p>/,
        'the label of the code when the answer has no name',
      );
      assert.match(listed, /<img class="vignette" src="https:\/\/vignettes\.test\/maths\.png"/);
      assert.ok(listed.includes(`href="${link.replace(/&/g, '&amp;')}"`), 'the link exactly as given');
      assert.doesNotMatch(page, /javascript:/);
      assert.match(listed, /<h3>Autre<\/h3><p class="muted">presse<\/p><p class="muted">Lien d’accès absent/);
      assert.deepEqual(
        titles(section(page, 'demonstration')),
        allNames.filter((n) => n !== maths.nom),
      );
    },
  );

  it('an Erreur of the web service: a French message with its Code, every demo resource still offered', async () => {
    answer = {
      status: 404,
      body: JSON.stringify({
        Erreur: {
          Code: 'ERR_MEDIACENTRE_USER_UNKNOWN',
          Message: 'Utilisateur inconnu dans ce projet ENT.',
          Resource: '/x',
        },
      }),
    };
    const page = await mediacentre({ url: serviceUrl, caFile, client });
    assert.match(
      page,
      new RegExp(
        String.raw`n’a pas fourni la liste de vos ressources\s+`
          + String.raw`\(code <code>ERR_MEDIACENTRE_USER_UNKNOWN<\/code> : Utilisateur inconnu`,
      ),
    );
    assert.deepEqual(titles(section(page, 'demonstration')), allNames);
    assert.doesNotMatch(page, /\bat \S+ \(|Error:/, 'never a stack');
  });

  it(
    'an unreadable answer, an unreachable service and an untrusted server certificate ' + 'each give a coded message',
    async () => {
      answer = { status: 200, body: '<html>proxy</html>' };
      assert.match(
        await mediacentre({ url: serviceUrl, caFile, client }),
        /<code>ERR_DEMO_MEDIACENTRE_ANSWER_INVALID<\/code> : Réponse illisible \(HTTP 200\)/,
      );
      const closed = createHttpServer();
      const port = await listening(closed);
      await new Promise((done) => closed.close(done));
      assert.match(
        await mediacentre({ url: `https://localhost:${port}/ws/mediacentre`, caFile, client }),
        /<code>ECONNREFUSED<\/code>/,
      );
      const other = loadOrCreateServerCertificate(
        { certFile: join(dir, 'other.crt'), keyFile: join(dir, 'other.key') },
        { hostnames: ['localhost'], now: new Date() },
      );
      assert.ok(other.created);
      const untrusted = await mediacentre({ url: serviceUrl, caFile: join(dir, 'other.crt'), client });
      assert.match(untrusted, /code <code>[A-Z_]+<\/code>/);
      assert.doesNotMatch(
        untrusted,
        /id="demonstration"[\s\S]*non affectées/,
        'nothing is said to be unassigned when nothing was listed',
      );
    },
  );

  it('without web services: the static list of the demo resources, with a note', async () => {
    const page = await mediacentre(undefined);
    assert.match(page, /service web médiacentre du courtier est désactivé/);
    assert.doesNotMatch(page, /id="mes-ressources"/);
    assert.deepEqual(titles(section(page, 'demonstration')), allNames);
  });

  /** A demo ENT of its own (so that each case has its service), then the pupil's médiacentre page. */
  async function mediacentre(service: DemoMediacentreService | undefined): Promise<string> {
    const ent = createDemoEnt({
      entUrl: 'http://localhost',
      entityId: 'urn:test:ent',
      brokerUrl: 'http://broker.test',
      entId: 'DEMO',
      key: loadOrCreateDemoKey(dir, 'ent', 'ENT', 'saml-signing'),
      establishment,
      users: [pupil],
      resources: demoResources,
      logger: pino({ level: 'silent' }),
      ...definedFields({ mediacentre: service }),
    });
    const server = createHttpServer(ent.app);
    servers.push(server);
    const url = `http://localhost:${await listening(server)}`;
    const browser = new TestBrowser();
    assert.equal((await browser.post(`${url}/connexion`, { compte: pupil.id })).status, 303);
    const page = await browser.get(`${url}/mediacentre`);
    assert.equal(page.status, 200);
    return page.body;
  }
});

function ok(ressource: readonly object[]): { status: number; body: string } {
  return { status: 200, body: JSON.stringify({ listeRessources: { ressource } }) };
}

function listening(server: Server): Promise<number> {
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done((server.address() as AddressInfo).port)));
}

function section(html: string, id: string): string {
  return new RegExp(`<section id="${id}"[^>]*>([\\s\\S]*?)</section>`).exec(html)?.[1] ?? '';
}

function titles(html: string): string[] {
  return [...html.matchAll(/<h3>([^<]*)<\/h3>/g)].map((m) => m[1] as string);
}
