/**
 * The médiacentre web service through the real composition root (gar-reference §6), on both
 * dialects: an ENT presenting its client certificate lists what a user may open, in GAR's JSON;
 * the list follows the same entitlement as the login (a new assignment shows at once); each
 * refusal answers GAR's JSON `Erreur` with its code; the listed link opens the login flow.
 */
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { createLicensingStore, createPartnerCertificateStore } from '../../src/store/index.js';
import { describeCertificate } from '../../src/trust/index.js';
import { describeEachDialect } from '../support/each-dialect.js';
import { distributorA, resources, startFlowBroker, type FlowBroker } from '../support/flow-broker.js';
import { addPerson, addSubscription, entId, otherUai, pupilId, uai } from '../support/licensing-fixtures.js';
import { partnerRequest, type PartnerAnswer, type PartnerRequest } from '../support/partner-client.js';
import { makeTestPki, type TestClientCertificate } from '../support/test-pki.js';

const base = '/ws/mediacentre';
const listPath = (user: string, establishment = uai, ent = entId): string =>
  `${base}/ressources/${encodeURIComponent(ent)}/${encodeURIComponent(establishment)}/${encodeURIComponent(user)}`;

interface GarResource {
  readonly idRessource: string;
  readonly urlAccesRessource: string;
  readonly [key: string]: unknown;
}

describeEachDialect('médiacentre web service', (dialect) => {
  let flow: FlowBroker;
  let ent: TestClientCertificate;
  let otherEnt: TestClientCertificate;
  let distributor: TestClientCertificate;
  let wsUrl: string;

  before(async () => {
    flow = await startFlowBroker(dialect, { webServices: true });
    wsUrl = new URL(flow.broker.urls['mediacentre'] as string).origin;
    const pki = makeTestPki(new Date());
    ent = pki.issueClient(entId, { ca: 'self', keyType: 'rsa' });
    otherEnt = pki.issueClient('Y0', { ca: 'self', keyType: 'rsa' });
    distributor = pki.issueClient(distributorA, { ca: 'self', keyType: 'rsa' });
    const registry = createPartnerCertificateStore(flow.broker.store);
    for (const [cert, kind, id] of [
      [ent, 'ent', entId],
      [otherEnt, 'ent', 'Y0'],
      [distributor, 'distributor', distributorA],
    ] as const) {
      const d = describeCertificate(cert.certPem);
      await registry.addCertificate(
        {
          fingerprint: d.fingerprint,
          partnerKind: kind,
          partnerId: id,
          origin: 'registered',
          subject: d.subject,
          serial: d.serial,
          notBefore: d.notBefore.toISOString(),
          notAfter: d.notAfter.toISOString(),
          createdAt: new Date().toISOString(),
          revokedAt: null,
        },
        id,
        'test',
      );
    }
    const { db } = flow.broker.store;
    // An establishment of another ENT project, with a pupil of its own.
    await db
      .insertInto('ent_project')
      .values({ id: 'Y0', name: 'Y0', created_at: '2025-09-01T00:00:00.000Z' })
      .execute();
    await db
      .insertInto('establishment')
      .values({
        ent_id: 'Y0',
        degree: '2D',
        uai: '0330001Y',
        name: 'Collège Y',
        attached_to: null,
        contract: null,
        phone: null,
        email: null,
        created_at: '2025-09-01T00:00:00.000Z',
        record_hash: 'h',
        departed_at: null,
        updated_at: '2025-09-01T00:00:00.000Z',
      })
      .execute();
  });
  after(async () => {
    await flow.close();
  });

  /** `client` 'none': the caller presents no certificate. */
  const ask = (
    path: string,
    client: TestClientCertificate | 'none' = ent,
    extra: Partial<PartnerRequest> = {},
  ): Promise<PartnerAnswer> =>
    partnerRequest(
      { url: wsUrl, ...(flow.wsCa ? { ca: flow.wsCa } : {}) },
      {
        method: 'GET',
        path,
        headers: { accept: 'application/json' },
        ...(client === 'none' ? {} : { client }),
        ...extra,
      },
    );
  const listed = async (user: string, establishment = uai): Promise<GarResource[]> => {
    const answer = await ask(listPath(user, establishment));
    assert.equal(answer.status, 200, answer.text);
    return (JSON.parse(answer.text) as { listeRessources: { ressource: GarResource[] } }).listeRessources.ressource;
  };
  const erreur = (answer: PartnerAnswer): { Code: string; Message: string; Resource: string } =>
    (JSON.parse(answer.text) as { Erreur: { Code: string; Message: string; Resource: string } }).Erreur;

  it("lists the ETABL resources of a pupil in GAR's JSON, key for key, with a /domaineGar link", async () => {
    const answer = await ask(listPath(pupilId('6A', 1)));
    assert.equal(answer.status, 200);
    assert.match(String(answer.headers['content-type']), /^application\/json/);
    const list = (JSON.parse(answer.text) as { listeRessources: { ressource: GarResource[] } }).listeRessources
      .ressource;
    assert.deepEqual(
      list.map((r) => r.idRessource).sort(),
      [resources.atlas, resources.french, resources.maths].sort(),
    );
    const maths = list.find((r) => r.idRessource === resources.maths) as GarResource;
    assert.deepEqual(Object.keys(maths), [
      'idRessource',
      'idType',
      'nomRessource',
      'idEditeur',
      'nomEditeur',
      'urlVignette',
      'typePresentation',
      'typePedagogique',
      'typologieDocument',
      'niveauEducatif',
      'domaineEnseignement',
      'urlAccesRessource',
      'nomSourceEtiquetteGar',
      'distributeurTech',
      'validateurTech',
    ]);
    assert.equal(maths['idType'], 'ARK');
    assert.equal(maths['distributeurTech'], distributorA);
    assert.equal(maths['validateurTech'], distributorA);
    const link = new URL(maths.urlAccesRessource);
    assert.equal(`${link.origin}${link.pathname}`, `${flow.broker.url}/domaineGar`);
    assert.equal(Buffer.from(link.searchParams.get('idENT') as string, 'base64').toString(), entId);
    assert.equal(Buffer.from(link.searchParams.get('idEtab') as string, 'base64').toString(), uai);
    assert.equal(link.searchParams.get('idRessource'), resources.maths);
  });

  it('the listed link opens the login flow at the ENT (no refusal page)', async () => {
    const [first] = await listed(pupilId('6A', 1));
    const answer = await fetch((first as GarResource).urlAccesRessource, { redirect: 'manual' });
    assert.equal(answer.status, 302);
    assert.ok(
      answer.headers.get('location')?.startsWith('https://ent.test/sso?SAMLRequest='),
      String(answer.headers.get('location')),
    );
  });

  it("a test establishment's UAI (suffixed, as GAR's test ones) is listed; its link opens the login too", async () => {
    const { db } = flow.broker.store;
    const testUai = '0650499P-ET6';
    await db
      .insertInto('establishment')
      .values({
        ent_id: entId,
        degree: '2D',
        uai: testUai,
        name: 'Collège de test',
        attached_to: null,
        contract: null,
        phone: null,
        email: null,
        created_at: '2025-09-01T00:00:00.000Z',
        record_hash: 'h',
        departed_at: null,
        updated_at: '2025-09-01T00:00:00.000Z',
      })
      .execute();
    await addPerson(db, 'elv-test', 'National_elv', testUai);
    await addSubscription(db, {
      id: 'ABO-TEST-UAI',
      distributor: distributorA,
      resource: resources.maths,
      type: 'ETABL',
      global: 'ILLIMITE',
      uai: testUai,
    });
    await db
      .updateTable('subscription')
      .set({ valid_from: '2020-01-01T00:00:00', valid_until: '2099-08-15T00:00:00' })
      .where('id', '=', 'ABO-TEST-UAI')
      .execute();
    await new Promise((done) => setTimeout(done, 1100));
    const [only] = await listed('elv-test', testUai);
    assert.equal(only?.idRessource, resources.maths);
    const answer = await fetch(only.urlAccesRessource, { redirect: 'manual' });
    assert.equal(answer.status, 302);
  });

  it(
    '/domaineGar refuses a link whose idEtab or idENT is not base64 of a valid form '
      + '(ERR_LOGIN_ENTRY_INVALID page)',
    async () => {
      const b64 = (v: string): string => encodeURIComponent(Buffer.from(v).toString('base64'));
      for (const query of [
        `idENT=${b64(entId)}&idEtab=${b64('0561234A; drop')}&idRessource=${encodeURIComponent(resources.maths)}`,
        `idENT=${b64('Z0/../')}&idEtab=${b64(uai)}&idRessource=${encodeURIComponent(resources.maths)}`,
        `idENT=${b64(entId)}&idEtab=${b64('x'.repeat(46))}&idRessource=${encodeURIComponent(resources.maths)}`,
        `idENT=${b64(entId)}&idRessource=${encodeURIComponent(resources.maths)}`,
      ]) {
        const answer = await fetch(`${flow.broker.url}/domaineGar?${query}`, { redirect: 'manual' });
        assert.equal(answer.status, 400, query);
        assert.equal(/\((ERR_[A-Z0-9_]+)\)<\/p>/.exec(await answer.text())?.[1], 'ERR_LOGIN_ENTRY_INVALID', query);
      }
    },
  );

  it('shows a new assignment in the very next answer, and only to the people it covers', async () => {
    const key = await addSubscription(flow.broker.store.db, {
      id: 'ABO-INDIV',
      distributor: distributorA,
      resource: resources.unassigned,
      type: 'INDIV',
      global: 10,
    });
    await flow.broker.store.db
      .updateTable('subscription')
      .set({ valid_from: '2020-01-01T00:00:00', valid_until: '2099-08-15T00:00:00' })
      .where('id', '=', 'ABO-INDIV')
      .execute();
    // An establishment's subscriptions are reused for up to a second; licences never are.
    await new Promise((done) => setTimeout(done, 1100));
    assert.ok(!(await listed(pupilId('6A', 2))).some((r) => r.idRessource === resources.unassigned));
    await createLicensingStore(flow.broker.store).addAssignment(
      key,
      uai,
      { kind: 'class', code: '6A', audience: 'ELEVE' },
      { actor: 'test', at: new Date() },
    );
    assert.ok((await listed(pupilId('6A', 2))).some((r) => r.idRessource === resources.unassigned));
    assert.ok(!(await listed(pupilId('6B', 1))).some((r) => r.idRessource === resources.unassigned));
  });

  it('gzips the answer when the ENT accepts it, and not otherwise', async () => {
    const zipped = await ask(listPath(pupilId('6A', 1)), ent, {
      headers: { accept: 'application/json', 'accept-encoding': 'gzip' },
    });
    assert.equal(zipped.headers['content-encoding'], 'gzip');
    const plain = await ask(listPath(pupilId('6A', 1)));
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.deepEqual(JSON.parse(gunzipSync(zipped.body).toString('utf8')), JSON.parse(plain.text));
  });

  it('answers an empty list to a user with nothing assigned', async () => {
    await addPerson(flow.broker.store.db, 'sans-ressource', 'National_elv', otherUai);
    assert.deepEqual(await listed('sans-ressource', otherUai), []);
  });

  const refusals: readonly (readonly [string, () => string, number, string, (() => TestClientCertificate)?])[] = [
    [
      'an unknown establishment',
      () => listPath(pupilId('6A', 1), '0999999X'),
      404,
      'ERR_MEDIACENTRE_ESTABLISHMENT_UNKNOWN',
    ],
    [
      'an establishment of another ENT project',
      () => listPath(pupilId('6A', 1), '0330001Y'),
      403,
      'ERR_MEDIACENTRE_ESTABLISHMENT_FOREIGN',
    ],
    [
      'another ENT project in the path',
      () => listPath(pupilId('6A', 1), uai, 'Y0'),
      403,
      'ERR_MEDIACENTRE_ENT_MISMATCH',
    ],
    [
      'another ENT asking about Z0',
      () => listPath(pupilId('6A', 1)),
      403,
      'ERR_MEDIACENTRE_ENT_MISMATCH',
      () => otherEnt,
    ],
    ['an unknown user', () => listPath('inconnu'), 404, 'ERR_MEDIACENTRE_USER_UNKNOWN'],
    [
      'a user of another establishment',
      () => listPath(pupilId('6A', 1), otherUai),
      404,
      'ERR_MEDIACENTRE_USER_NOT_IN_ESTABLISHMENT',
    ],
    ['a malformed UAI', () => listPath(pupilId('6A', 1), 'x'.repeat(46)), 400, 'ERR_MEDIACENTRE_PATH_INVALID'],
    ['a malformed idENT', () => listPath(pupilId('6A', 1), uai, 'Z0!'), 400, 'ERR_MEDIACENTRE_PATH_INVALID'],
    ['a user id over 64 characters', () => listPath('u'.repeat(65)), 400, 'ERR_MEDIACENTRE_PATH_INVALID'],
    ['a path with a segment missing', () => `${base}/ressources/${entId}/${uai}`, 404, 'ERR_HTTP_NOT_FOUND'],
  ];
  for (const [what, path, status, code, client] of refusals) {
    it(`refuses ${what}: ${status} ${code} as GAR JSON Erreur`, async () => {
      const answer = await ask(path(), client ? client() : ent);
      assert.equal(answer.status, status, answer.text);
      assert.equal(erreur(answer).Code, code);
      assert.match(String(answer.headers['content-type']), /^application\/json/);
    });
  }

  it("refuses a caller without a certificate, and a distributor's certificate, before reading anything", async () => {
    const none = await ask(listPath(pupilId('6A', 1)), 'none');
    assert.equal(none.status, 401);
    assert.equal(erreur(none).Code, 'ERR_WS_CLIENT_CERT_MISSING');
    const wrongKind = await ask(listPath(pupilId('6A', 1)), distributor);
    assert.equal(wrongKind.status, 403);
    assert.equal(erreur(wrongKind).Code, 'ERR_WS_CLIENT_CERT_UNKNOWN');
  });

  it('accepts GET only (405 for POST)', async () => {
    const answer = await ask(listPath(pupilId('6A', 1)), ent, {
      method: 'POST',
      body: '{}',
      contentType: 'application/json',
    });
    assert.equal(answer.status, 405);
    assert.equal(erreur(answer).Code, 'ERR_MEDIACENTRE_METHOD');
  });

  it('lists the catalogue (ressourcesDiffusables) with distributors, affichable and diffusable', async () => {
    const answer = await ask(`${base}/ressourcesDiffusables`);
    assert.equal(answer.status, 200, answer.text);
    const [page] = JSON.parse(answer.text) as [
      { dateGeneration: string; ressourceDiffusable: Record<string, unknown>[] },
    ];
    assert.ok(!Number.isNaN(Date.parse(page.dateGeneration)));
    const maths = page.ressourceDiffusable.find((r) => r['idRessource'] === resources.maths);
    assert.deepEqual(maths, {
      idRessource: resources.maths,
      nomRessource: 'Manuel de mathématiques 6e',
      idEditeur: 'editeur-1',
      nomEditeur: 'Éditeur',
      distributeursCom: [{ distributeurCom: distributorA, nomDistributeurCom: 'Distributeur' }],
      distributeurTech: distributorA,
      nomDistributeurTech: 'Distributeur',
      affichable: true,
      diffusable: true,
    });
    assert.equal(page.ressourceDiffusable.length, Object.keys(resources).length);
  });
});
