/**
 * Assignment counts (CSV) and assignment reports (JSON index + zipped XML) over mutual TLS, and
 * the subscription service behind a TLS-terminating proxy that forwards the client certificate.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import { createAssignmentReportStore } from '../../../src/store/index.js';
import { generateAssignmentReports } from '../../../src/subscriptions/index.js';
import { distributorA, distributorB } from '../../support/catalogue-fixtures.js';
import { describeEachDialect } from '../../support/each-dialect.js';
import { errorCode, partnerRequest, type PartnerAnswer, type PartnerRequest } from '../../support/partner-client.js';
import { harnessNow, startHarness, type Harness } from '../../support/partner-services-harness.js';

const body = readFileSync('test/fixtures/wsabonnement/valid.create-per-audience-counts.xml', 'utf8');
const id = 'ABO-2026-0561534N-001';

describeEachDialect('assignment counts and reports over mutual TLS', (dialect) => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness(dialect);
    assert.equal((await as('a', { method: 'PUT', path: `/ws/abonnements/${id}`, body })).status, 201);
    // Two pupils and a teacher hold licences; one more was released (not counted).
    const licence = (person: string, audience: string, bucket: string, released: string | null) => ({
      distributor_id: distributorA,
      subscription_id: id,
      ent_id: 'ENT1',
      person_id: person,
      bucket,
      audience,
      assignment_id: null,
      granted_at: '2026-02-01T00:00:00Z',
      released_at: released,
      release_reason: released ? 'departed' : null,
    });
    await h.store.db
      .insertInto('licence')
      .values([
        licence('P1', 'ELEVE', 'pupil', null),
        licence('P2', 'ELEVE', 'pupil', null),
        licence('T1', 'ENSEIGNANT', 'teacher', null),
        licence('P3', 'ELEVE', 'pupil', '2026-02-10T00:00:00Z'),
      ])
      .execute();
    await h.store.db.updateTable('subscription').set({ used_pupil: 2, used_teacher: 1 }).execute();
    const assignment = (kind: string, code: string | null, person: string | null, audience: string) => ({
      distributor_id: distributorA,
      subscription_id: id,
      uai: '0561534N',
      target_kind: kind,
      target_code: code,
      target_ent_id: person ? 'ENT1' : null,
      target_person_id: person,
      audience,
      target_key: `${kind}:${code ?? person}`,
      created_by: 'cli:test',
      created_at: '2026-02-01T00:00:00.000Z',
      revoked_by: null,
      revoked_at: null,
    });
    await h.store.db
      .insertInto('assignment')
      .values([assignment('class', '6A', null, 'ELEVE'), assignment('person', null, 'SECRET-PERSON-42', 'ENSEIGNANT')])
      .execute();
  });
  afterEach(() => h.close());

  const as = (who: 'a' | 'b', r: Omit<PartnerRequest, 'client'>): Promise<PartnerAnswer> =>
    partnerRequest({ url: h.url, ca: h.ca }, { ...r, client: h.clients[who] });

  it("counts held licences per audience as GAR's CSV, by subscription id or project code", async () => {
    const expected =
      'UAI;idAbonnement;codeProjetRessource;idRessource;cumulAffectationEleve;cumulAffectationEnseignant;'
      + 'cumulAffectationDocumentaliste;cumulAffectationAutrePersonnel\n'
      + `0561534N;${id};ATLAS-COLLEGE;ark:/46173/00001.p;2;1;0;0\n`;
    for (const query of [`idAbonnement=${id}`, 'codeProjetRessource=ATLAS-COLLEGE']) {
      const answer = await as('a', { method: 'GET', path: `/ws/decompteaffectations?${query}` });
      assert.equal(answer.status, 200);
      assert.match(String(answer.headers['content-type']), /^text\/csv/);
      assert.equal(answer.text, expected);
    }
  });

  it('needs exactly one of the two parameters, and shows nothing of another distributor', async () => {
    for (const query of [
      '',
      `?idAbonnement=${id}&codeProjetRessource=ATLAS-COLLEGE`,
      '?idAbonnement=a&idAbonnement=b',
    ]) {
      const answer = await as('a', { method: 'GET', path: `/ws/decompteaffectations${query}` });
      assert.equal(answer.status, 400);
      assert.equal(errorCode(answer), 'ERR_WS_COUNTS_QUERY');
    }
    const other = await as('b', { method: 'GET', path: `/ws/decompteaffectations?idAbonnement=${id}` });
    assert.equal(other.status, 200);
    assert.equal(other.text.split('\n').filter(Boolean).length, 1);
  });

  it('indexes reports as JSON, serves each zipped once asked, then marks it taken into account', async () => {
    const made = await generateAssignmentReports(createAssignmentReportStore(h.store), harnessNow);
    assert.deepEqual(
      made.map((m) => m.distributorId),
      [distributorA],
    );
    const name = made[0]?.name as string;
    const index = async (status: string) =>
      JSON.parse(
        (
          await as('a', {
            method: 'GET',
            path: `/ws/rapports-affectation/rapportsAffectation/${distributorA}/${status}`,
          })
        ).text,
      );
    assert.deepEqual(await index('NON_PRIS_EN_COMPTE'), {
      rapportsAffectation: [
        { nomRapport: name, dateCreation: '02/03/2026', taille: made[0]?.size, statut: 'NON_PRIS_EN_COMPTE' },
      ],
    });
    const download = await as('a', {
      method: 'GET',
      path: `/ws/rapports-affectation/GAR-Affectations/${distributorA}/${name}`,
    });
    assert.equal(download.status, 200);
    assert.equal(String(download.headers['content-type']), 'application/zip');
    assert.equal(download.body.length, made[0]?.size);
    const xml = unzipOnly(download.body);
    assert.match(xml, /<GARRessource idRessource="ark:\/46173\/00001.p"/);
    assert.match(xml, new RegExp(`<GARAbonnement idAbonnement="${id}" finValidite="2026-08-15"`));
    assert.match(xml, /<GAREtablissement UAI="0561534N">/);
    assert.match(xml, /typeCible="division" codeCible="6A"/);
    assert.match(xml, /typeCible="personne"/);
    assert.doesNotMatch(xml, /SECRET-PERSON-42/, 'a report never names a person');
    assert.deepEqual((await index('NON_PRIS_EN_COMPTE')).rapportsAffectation, []);
    assert.equal((await index('PRIS_EN_COMPTE')).rapportsAffectation.length, 1);
    assert.equal((await index('TOUT')).rapportsAffectation.length, 1);
  });

  it("answers another distributor's reports exactly like unknown ones (404)", async () => {
    const [report] = await generateAssignmentReports(createAssignmentReportStore(h.store), harnessNow);
    for (const path of [
      `/ws/rapports-affectation/rapportsAffectation/${distributorA}/TOUT`,
      `/ws/rapports-affectation/GAR-Affectations/${distributorA}/${report?.name}`,
      `/ws/rapports-affectation/GAR-Affectations/${distributorB}/${report?.name}`,
      `/ws/rapports-affectation/rapportsAffectation/${distributorB}/PEUT-ETRE`,
    ]) {
      const answer = await as('b', { method: 'GET', path });
      assert.equal(answer.status, 404, path);
      assert.equal(errorCode(answer), 'ERR_WS_REPORT_UNKNOWN');
    }
  });
});

describeEachDialect('partner web services behind a TLS-terminating proxy', (dialect) => {
  const header = (pem: string) => ({ 'x-ssl-client-cert': encodeURIComponent(pem) });

  it('accepts a forwarded certificate from a configured proxy address', async () => {
    const h = await startHarness(dialect, { trustedProxies: ['127.0.0.1'] });
    try {
      const answer = await partnerRequest(
        { url: h.plainUrl },
        { method: 'PUT', path: `/ws/abonnements/${id}`, body, headers: header(h.clients.a.certPem) },
      );
      assert.equal(answer.status, 201, answer.text);
      const expired = await partnerRequest(
        { url: h.plainUrl },
        { method: 'GET', path: '/ws/abonnements/abonnements', headers: header(h.clients.expired.certPem) },
      );
      assert.equal(errorCode(expired), 'ERR_WS_CLIENT_CERT_EXPIRED');
    } finally {
      await h.close();
    }
  });

  it('ignores the header from any other address: the request has no certificate', async () => {
    const h = await startHarness(dialect, { trustedProxies: ['10.9.8.7'] });
    try {
      const answer = await partnerRequest(
        { url: h.plainUrl },
        { method: 'PUT', path: `/ws/abonnements/${id}`, body, headers: header(h.clients.a.certPem) },
      );
      assert.equal(answer.status, 401);
      assert.equal(errorCode(answer), 'ERR_WS_CLIENT_CERT_MISSING');
      assert.deepEqual(await h.store.db.selectFrom('subscription').selectAll().execute(), []);
    } finally {
      await h.close();
    }
  });
});

/** The one file of a ZIP made by zipSingleFile: local header (30 bytes + name) then deflated data. */
function unzipOnly(zip: Buffer): string {
  assert.equal(zip.readUInt32LE(0), 0x04034b50);
  const nameLength = zip.readUInt16LE(26);
  const compressed = zip.readUInt32LE(18);
  const start = 30 + nameLength + zip.readUInt16LE(28);
  return inflateRawSync(zip.subarray(start, start + compressed)).toString('utf8');
}
