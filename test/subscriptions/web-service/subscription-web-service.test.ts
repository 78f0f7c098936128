/**
 * The subscription web service end to end: real TLS, real client certificates, a real store on
 * both dialects; GAR's wire format in and out (gar-reference §5).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { distributorA, distributorB, establishments } from '../../support/catalogue-fixtures.js';
import { describeEachDialect } from '../../support/each-dialect.js';
import { errorCode, partnerRequest, type PartnerAnswer, type PartnerRequest } from '../../support/partner-client.js';
import { startHarness, type Harness } from '../../support/partner-services-harness.js';

const fixture = (name: string): string => readFileSync(`test/fixtures/wsabonnement/${name}`, 'utf8');
const base = '/ws/abonnements';
const created = 'ABO-2026-0561534N-001';

describeEachDialect('subscription web service over mutual TLS', (dialect) => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness(dialect);
  });
  afterEach(() => h.close());

  const as = (who: 'a' | 'b' | undefined, r: Omit<PartnerRequest, 'client'>): Promise<PartnerAnswer> =>
    partnerRequest({ url: h.url, ca: h.ca }, { ...r, ...(who ? { client: h.clients[who] } : {}) });
  const create = (who: 'a' | 'b' = 'a', name = 'valid.create-per-audience-counts.xml', id = created) =>
    as(who, { method: 'PUT', path: `${base}/${id}`, body: fixture(name) });
  const state = async () => ({
    subscriptions: await h.store.db.selectFrom('subscription').selectAll().orderBy('id').execute(),
    audit: (await h.store.db.selectFrom('audit_event').select('id').execute()).length,
  });

  it('creates (201), refuses the same id again (409, "existe deja"), and lists it back', async () => {
    assert.equal((await create()).status, 201);
    const again = await create();
    assert.equal(again.status, 409);
    assert.equal(errorCode(again), 'ERR_WS_SUBSCRIPTION_EXISTS');
    assert.match(again.text, /existe deja/);
    assert.match(String(again.headers['content-type']), /^application\/xml/);
    const list = await as('a', { method: 'GET', path: `${base}/abonnements` });
    assert.equal(list.status, 200);
    assert.match(list.text, new RegExp(`<idAbonnement>${created}</idAbonnement>`));
    assert.match(list.text, /<uaiEtab>0561534N<\/uaiEtab>/);
    assert.match(list.text, /xmlns="http:\/\/www.atosworldline.com\/wsabonnement\/v1.0\/"/);
  });

  it('updates without uaiEtab (200), refuses uaiEtab in an update (400) and an unknown id (404)', async () => {
    await create();
    const update = await as('a', {
      method: 'POST',
      path: `${base}/${created}`,
      body: fixture('valid.update-without-uai.xml'),
    });
    assert.equal(update.status, 200, update.text);
    const withUai = await as('a', { method: 'POST', path: `${base}/${created}`, body: fixture('update.with-uai.xml') });
    assert.equal(withUai.status, 400);
    assert.equal(errorCode(withUai), 'ERR_WS_ELEMENT_FORBIDDEN');
    const unknown = await as('a', {
      method: 'POST',
      path: `${base}/ABO-INCONNU`,
      body: fixture('valid.update-without-uai.xml').replace(created, 'ABO-INCONNU'),
    });
    assert.equal(unknown.status, 404);
    assert.equal(errorCode(unknown), 'ERR_WS_SUBSCRIPTION_UNKNOWN');
  });

  it('deletes (204), then answers 404', async () => {
    await create();
    assert.equal((await as('a', { method: 'DELETE', path: `${base}/${created}` })).status, 204);
    const again = await as('a', { method: 'DELETE', path: `${base}/${created}` });
    assert.equal(again.status, 404);
    assert.equal(errorCode(again), 'ERR_WS_SUBSCRIPTION_UNKNOWN');
  });

  it("keeps each distributor to its own subscriptions: another's are 404 and invisible", async () => {
    await create();
    const before = await state();
    const update = fixture('valid.update-without-uai.xml');
    assert.equal((await as('b', { method: 'POST', path: `${base}/${created}`, body: update })).status, 404);
    assert.equal((await as('b', { method: 'DELETE', path: `${base}/${created}` })).status, 404);
    const list = await as('b', {
      method: 'POST',
      path: `${base}/abonnements`,
      body: '<filtres xmlns="http://www.atosworldline.com/wsabonnement/v1.0/"/>',
    });
    assert.equal(list.status, 200);
    assert.doesNotMatch(list.text, /<abonnement>/);
    assert.deepEqual(await state(), before);
  });

  it('records who changed what, when, before and after', async () => {
    await create();
    await as('a', { method: 'POST', path: `${base}/${created}`, body: fixture('valid.update-without-uai.xml') });
    await as('a', { method: 'DELETE', path: `${base}/${created}` });
    const events = await h.store.db
      .selectFrom('audit_event')
      .selectAll()
      .where('action', 'like', 'subscription.%')
      .orderBy('id')
      .execute();
    assert.deepEqual(
      events.map((e) => [e.action, e.actor, e.target]),
      [
        ['subscription.create', `distributor:${distributorA}`, `subscription:${distributorA}/${created}`],
        ['subscription.update', `distributor:${distributorA}`, `subscription:${distributorA}/${created}`],
        ['subscription.delete', `distributor:${distributorA}`, `subscription:${distributorA}/${created}`],
      ],
    );
    assert.equal(events[0]?.before_state, null);
    assert.equal(JSON.parse(events[1]?.before_state ?? '{}').fin.finValidite, '2026-08-15T00:00:00');
    assert.notEqual(JSON.parse(events[1]?.after_state ?? '{}').fin.finValidite, '2026-08-15T00:00:00');
    assert.equal(events[2]?.after_state, null);
    assert.ok(events.every((e) => e.correlation_id !== null && e.at === '2026-03-02T09:00:00.000Z'));
  });

  describe('refuses bad bodies with a coded XML error and changes nothing', () => {
    const cases: readonly (readonly [string, number, string])[] = [
      ['xml.malformed.xml', 400, 'ERR_WS_XML_MALFORMED'],
      ['xml.doctype-xxe.xml', 400, 'ERR_WS_XML_DOCTYPE'],
      ['xml.billion-laughs.xml', 400, 'ERR_WS_XML_DOCTYPE'],
      ['namespace.wrong.xml', 400, 'ERR_WS_NAMESPACE'],
      ['element.misordered.xml', 400, 'ERR_WS_ELEMENT_ORDER'],
      ['element.unknown.xml', 400, 'ERR_WS_ELEMENT_UNKNOWN'],
      ['element.missing-uai-on-create.xml', 400, 'ERR_WS_ELEMENT_MISSING'],
      ['choice.fin-and-annee-fin.xml', 400, 'ERR_WS_ELEMENT_CHOICE'],
      ['value.count-beaucoup.xml', 400, 'ERR_WS_VALUE_INVALID'],
      ['date.end-before-start.xml', 400, 'ERR_WS_DATE_ORDER'],
      ['root.list-instead-of-one.xml', 400, 'ERR_WS_ROOT_UNKNOWN'],
    ];
    for (const [name, status, code] of cases) {
      it(`${name} → ${status} ${code}`, async () => {
        const before = await state();
        const answer = await create('a', name);
        assert.equal(answer.status, status, answer.text);
        assert.equal(errorCode(answer), code);
        assert.deepEqual(await state(), before);
      });
    }

    const semantic: readonly (readonly [string, (body: string) => string, number, string])[] = [
      [
        'an unknown establishment',
        (b) => b.replace('<uaiEtab>0561534N', '<uaiEtab>0999999Z'),
        400,
        'ERR_WS_ESTABLISHMENT_UNKNOWN',
      ],
      [
        'an unknown resource',
        (b) => b.replace('ark:/46173/00001.p', 'ark:/46173/99999.p'),
        400,
        'ERR_WS_RESOURCE_UNKNOWN',
      ],
      [
        'a resource the caller does not distribute',
        (b) => b.replace('ark:/46173/00001.p', 'ark:/46173/00003.p'),
        403,
        'ERR_WS_RESOURCE_NOT_DISTRIBUTED',
      ],
      [
        'another commercial distributor',
        (b) => b.replace(`<idDistributeurCom>${distributorA}`, `<idDistributeurCom>${distributorB}`),
        403,
        'ERR_WS_DISTRIBUTOR_MISMATCH',
      ],
      [
        'a resource id type other than the registered one',
        (b) => b.replace('<typeIdRessource>ark', '<typeIdRessource>uri'),
        400,
        'ERR_WS_RESOURCE_TYPE_MISMATCH',
      ],
      [
        "a URL id other than the body's",
        (b) => b.replace(`<idAbonnement>${created}`, '<idAbonnement>ABO-AUTRE'),
        400,
        'ERR_WS_ID_MISMATCH',
      ],
    ];
    for (const [what, edit, status, code] of semantic) {
      it(`${what} → ${status} ${code}`, async () => {
        const before = await state();
        const answer = await as('a', {
          method: 'PUT',
          path: `${base}/${created}`,
          body: edit(fixture('valid.create-per-audience-counts.xml')),
        });
        assert.equal(answer.status, status, answer.text);
        assert.equal(errorCode(answer), code);
        assert.deepEqual(await state(), before);
      });
    }

    it('a body over the size limit → 413, unread', async () => {
      const big = fixture('valid.create-per-audience-counts.xml').replace(
        '</abonnement>',
        `<!-- ${'x'.repeat(70_000)} --></abonnement>`,
      );
      const answer = await as('a', { method: 'PUT', path: `${base}/${created}`, body: big });
      assert.equal(answer.status, 413);
      assert.equal(errorCode(answer), 'ERR_WS_BODY_TOO_LARGE');
    });

    it('a compressed body → 415, never inflated (no decompression bomb)', async () => {
      const answer = await as('a', {
        method: 'PUT',
        path: `${base}/${created}`,
        body: fixture('valid.create-per-audience-counts.xml'),
        headers: { 'content-encoding': 'gzip' },
      });
      assert.equal(answer.status, 415);
      assert.equal(errorCode(answer), 'ERR_WS_CONTENT_TYPE');
    });

    it('a malformed %-escape in the path → 400 in the XML error format', async () => {
      const answer = await as('a', { method: 'DELETE', path: `${base}/ABO%E0%A4%A` });
      assert.equal(answer.status, 400);
      assert.equal(errorCode(answer), 'ERR_HTTP_BAD_REQUEST');
    });

    it('takes application/xml with or without charset, refuses other types (415)', async () => {
      const body = fixture('valid.create-per-audience-counts.xml');
      assert.equal(
        (await as('a', { method: 'PUT', path: `${base}/${created}`, body, contentType: 'text/plain' })).status,
        415,
      );
      assert.equal(
        (
          await as('a', {
            method: 'PUT',
            path: `${base}/${created}`,
            body,
            contentType: 'application/xml; charset=ISO-8859-1',
          })
        ).status,
        415,
      );
      assert.equal(
        (
          await as('a', {
            method: 'PUT',
            path: `${base}/${created}`,
            body,
            contentType: 'application/xml; charset=UTF-8',
          })
        ).status,
        201,
      );
      assert.equal((await as('a', { method: 'DELETE', path: `${base}/${created}` })).status, 204);
      assert.equal(
        (await as('a', { method: 'PUT', path: `${base}/${created}`, body, contentType: 'application/xml' })).status,
        201,
      );
    });
  });

  describe('client certificates', () => {
    const attempts: readonly (readonly [
      'expired' | 'revoked' | 'unknownCa' | 'unregistered' | undefined,
      number,
      string,
    ])[] = [
      [undefined, 401, 'ERR_WS_CLIENT_CERT_MISSING'],
      ['expired', 403, 'ERR_WS_CLIENT_CERT_EXPIRED'],
      ['revoked', 403, 'ERR_WS_CLIENT_CERT_REVOKED'],
      ['unknownCa', 403, 'ERR_WS_CLIENT_CERT_UNKNOWN'],
      ['unregistered', 403, 'ERR_WS_CLIENT_CERT_UNKNOWN'],
    ];
    for (const [who, status, code] of attempts) {
      it(`${who ?? 'no certificate'} → ${status} ${code}, nothing written`, async () => {
        const before = await state();
        const r = { method: 'PUT', path: `${base}/${created}`, body: fixture('valid.create-per-audience-counts.xml') };
        const answer = await partnerRequest({ url: h.url, ca: h.ca }, who ? { ...r, client: h.clients[who] } : r);
        assert.equal(answer.status, status);
        assert.equal(errorCode(answer), code);
        assert.deepEqual(await state(), before);
      });
    }

    it(
      "remembers a connection's verdict for 60 s only: " + 'a revocation reaches open connections within a minute',
      async () => {
        await h.close();
        let now = new Date('2026-03-02T09:00:00Z');
        h = await startHarness(dialect, { clock: { now: () => now } });
        const agent = new Agent({
          keepAlive: true,
          maxSockets: 1,
          ca: h.ca,
          cert: h.clients.a.certPem,
          key: h.clients.a.keyPem,
        });
        const list = () => partnerRequest({ url: h.url }, { method: 'GET', path: `${base}/abonnements`, agent });
        try {
          assert.equal((await list()).status, 200);
          await h.store.db
            .updateTable('partner_certificate')
            .set({ revoked_at: now.toISOString() })
            .where('fingerprint', '=', h.clients.a.fingerprint)
            .execute();
          now = new Date(now.getTime() + 59_000);
          assert.equal((await list()).status, 200, 'same connection, within 60 s');
          now = new Date(now.getTime() + 2_000);
          const refused = await list();
          assert.equal(refused.status, 403, 'same connection, after 60 s');
          assert.equal(errorCode(refused), 'ERR_WS_CLIENT_CERT_REVOKED');
        } finally {
          agent.destroy();
        }
      },
    );

    it('a registered self-signed RSA certificate is accepted for its partner', async () => {
      const list = await as('b', { method: 'GET', path: `${base}/abonnements` });
      assert.equal(list.status, 200);
    });
  });

  it('lists with filters on GET and POST, sorted, paged half-open by debut/fin', async () => {
    for (let i = 0; i < 5; i++) {
      const id = `ABO-${i}`;
      const body = fixture('valid.create-per-audience-counts.xml')
        .replace(created, id)
        .replace('<uaiEtab>0561534N', `<uaiEtab>${establishments[i % 2]}`);
      assert.equal((await as('a', { method: 'PUT', path: `${base}/${id}`, body })).status, 201);
    }
    const filter =
      '<filtres xmlns="http://www.atosworldline.com/wsabonnement/v1.0/">'
      + `<filtre><filtreNom>uaiEtab</filtreNom><filtreValeur>${establishments[0]}</filtreValeur></filtre>`
      + '<triPar>idAbonnement</triPar><tri>DESC</tri></filtres>';
    for (const method of ['GET', 'POST']) {
      const page = await as('a', { method, path: `${base}/abonnements?debut=1&fin=3`, body: filter });
      assert.equal(page.status, 200, page.text);
      assert.deepEqual(
        [...page.text.matchAll(/<idAbonnement>([^<]+)</g)].map((m) => m[1]),
        ['ABO-2', 'ABO-0'],
      );
    }
    const bad = await as('a', { method: 'GET', path: `${base}/abonnements?debut=5&fin=2` });
    assert.equal(bad.status, 400);
    assert.equal(errorCode(bad), 'ERR_WS_PAGING');
    const badFilter = await as('a', {
      method: 'POST',
      path: `${base}/abonnements`,
      body: fixture('filtres.unknown-filter.xml'),
    });
    assert.equal(errorCode(badFilter), 'ERR_WS_FILTER_UNKNOWN');
  });

  it(
    "writes dates as GAR does, and takes back the <abonnement> a client read from a list (GarApiBundle's update): "
      + 'accepted, the same dates',
    async () => {
      await create();
      const listed = async () => (await as('a', { method: 'GET', path: `${base}/abonnements` })).text;
      const first = await listed();
      assert.match(first, /<debutValidite>2025-09-01T00:00:00.000\+02:00<\/debutValidite>/);
      assert.match(first, /<finValidite>2026-08-15T00:00:00.000\+02:00<\/finValidite>/);
      const stored = async () =>
        h.store.db.selectFrom('subscription').select(['valid_from', 'valid_until']).executeTakeFirstOrThrow();
      const before = await stored();
      // As GarApiBundle does it: the node from the list, without uaiEtab, the namespace put back.
      const node = /<abonnement>[\s\S]*<\/abonnement>/.exec(first)?.[0] ?? '';
      const postBack = node
        .replace(/<uaiEtab>[^<]*<\/uaiEtab>\s*/, '')
        .replace('<abonnement>', '<abonnement xmlns="http://www.atosworldline.com/wsabonnement/v1.0/">');
      const update = await as('a', { method: 'POST', path: `${base}/${created}`, body: postBack });
      assert.equal(update.status, 200, update.text);
      assert.deepEqual(await stored(), before);
      assert.equal(await listed(), first);
    },
  );

  it("takes a primary school's body with only teacher and pupil counts (Sacado's), the others listed 0", async () => {
    const id = 'ABO-2026-0561534N-1D';
    const answer = await create('a', 'valid.create-primary-school-two-counts.xml', id);
    assert.equal(answer.status, 201, answer.text);
    const list = (await as('a', { method: 'GET', path: `${base}/abonnements` })).text;
    for (const [count, value] of [
      ['nbLicenceEnseignant', 'ILLIMITE'],
      ['nbLicenceEleve', '120'],
      ['nbLicenceProfDoc', '0'],
      ['nbLicenceAutrePersonnel', '0'],
    ]) {
      assert.match(list, new RegExp(`<${count}>${value}</${count}>`));
    }
    const none = await create('a', 'count.none-at-all.xml');
    assert.equal(none.status, 400);
    assert.equal(errorCode(none), 'ERR_WS_ELEMENT_MISSING');
    assert.match(none.text, /nbLicenceGlobale, ou au moins un nombre de licences par public/);
  });

  it(
    'pages from debut=0, and says in each answer where the page starts and how many there are: '
      + 'a client counting from 1 sees the one it skipped',
    async () => {
      for (let i = 0; i < 3; i++) {
        const id = `ABO-${i}`;
        const body = fixture('valid.create-per-audience-counts.xml').replace(created, id);
        assert.equal((await as('a', { method: 'PUT', path: `${base}/${id}`, body })).status, 201);
      }
      const page = async (query: string) => {
        const answer = await as('a', { method: 'GET', path: `${base}/abonnements${query}` });
        assert.equal(answer.status, 200, answer.text);
        return {
          root: /<abonnements [^>]*>/.exec(answer.text)?.[0],
          ids: [...answer.text.matchAll(/<idAbonnement>([^<]+)</g)].map((m) => m[1]),
        };
      };
      const ns = 'xmlns="http://www.atosworldline.com/wsabonnement/v1.0/"';
      assert.deepEqual(await page('?debut=0&fin=2'), {
        root: `<abonnements ${ns} debut="0" fin="2" total="3">`,
        ids: ['ABO-0', 'ABO-1'],
      });
      assert.deepEqual(await page('?debut=2&fin=4'), {
        root: `<abonnements ${ns} debut="2" fin="3" total="3">`,
        ids: ['ABO-2'],
      });
      // A client counting from 1 (debut=1&fin=3, then 3&fin=5) never gets ABO-0: the first
      // answer says it starts at index 1 of 3.
      assert.deepEqual(await page('?debut=1&fin=3'), {
        root: `<abonnements ${ns} debut="1" fin="3" total="3">`,
        ids: ['ABO-1', 'ABO-2'],
      });
      assert.deepEqual(await page('?debut=5&fin=7'), {
        root: `<abonnements ${ns} debut="5" fin="5" total="3">`,
        ids: [],
      });
      const filtered = await as('a', {
        method: 'POST',
        path: `${base}/abonnements?debut=0&fin=1`,
        body:
          '<filtres xmlns="http://www.atosworldline.com/wsabonnement/v1.0/">'
          + '<filtre><filtreNom>idAbonnement</filtreNom><filtreValeur>ABO-1</filtreValeur></filtre>'
          + '<filtre><filtreNom>idAbonnement</filtreNom><filtreValeur>ABO-2</filtreValeur></filtre></filtres>',
      });
      assert.match(filtered.text, /debut="0" fin="1" total="2"/);
    },
  );

  it("lists the establishments as GAR's listEtablissement", async () => {
    const answer = await as('a', { method: 'GET', path: `${base}/etablissements/etablissements.xml` });
    assert.equal(answer.status, 200);
    assert.match(answer.text, /<listEtablissement xmlns="http:\/\/www.atosworldline.com\/listEtablissement\/v1.0\/"/);
    for (const uai of establishments) assert.match(answer.text, new RegExp(`<uai>${uai}</uai>`));
    assert.match(answer.text, /<idENT>ENT1<\/idENT>/);
  });
});
