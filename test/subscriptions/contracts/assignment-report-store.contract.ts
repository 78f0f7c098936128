/**
 * The AssignmentReportStore port (src/subscriptions/ports.ts): which distributors get a report,
 * what a report shows (their subscriptions' live assignments, never a person's id), and the
 * reports kept: listed, filtered by status, taken only by their own distributor. The subject holds
 * the collège of licensing-fixtures.ts; assignments are made through the licensing port.
 */
import assert from 'node:assert/strict';
import type {
  AssignmentReportStore,
  LicensingStore,
  ReportListing,
  SubscriptionKey,
} from '../../../src/subscriptions/index.js';
import { eachSubject, type ContractSubject } from '../../support/contract-subject.js';
import {
  audit,
  distributorId,
  entId,
  otherUai,
  pupilId,
  resourceId,
  uai,
  type SubscriptionSpec,
} from '../../support/licensing-fixtures.js';

export interface AssignmentReportStoreSubject extends ContractSubject {
  readonly reports: AssignmentReportStore;
  readonly licensing: LicensingStore;
  readonly seed: { addSubscription(spec: SubscriptionSpec): Promise<SubscriptionKey> };
}

const otherDistributor = '987654321_0000000000000002';
const day = (d: number): Date => new Date(`2026-03-${String(d).padStart(2, '0')}T02:00:00.000Z`);
const listing = (
  name: string,
  createdAt: Date,
  status: ReportListing['status'] = 'NON_PRIS_EN_COMPTE',
): ReportListing => ({
  name,
  createdAt,
  size: name.length,
  status,
});
const byName = (a: ReportListing, b: ReportListing): number => (a.name < b.name ? -1 : 1);

export function assignmentReportStoreContract(subject: () => Promise<AssignmentReportStoreSubject>): void {
  const current = eachSubject(subject);
  const save = (distributor: string, report: ReportListing) =>
    current().reports.saveReport(distributor, { ...report, content: Buffer.from(report.name) });

  it('lists the distributors that have at least one subscription, once each, in order', async () => {
    const { reports, seed } = current();
    assert.deepEqual(await reports.listReportingDistributors(), []);
    await seed.addSubscription({ id: 'B-1', distributor: otherDistributor, global: 5 });
    await seed.addSubscription({ id: 'A-1', global: 5 });
    await seed.addSubscription({ id: 'A-2', global: 5, uai: otherUai });
    assert.deepEqual(await reports.listReportingDistributors(), [distributorId, otherDistributor].sort());
  });

  it("collects the live assignments of the distributor's subscriptions, per resource and establishment", async () => {
    const { reports, licensing, seed } = current();
    const key = await seed.addSubscription({ id: 'ABO-1', global: 10 });
    const other = await seed.addSubscription({ id: 'B-1', distributor: otherDistributor, global: 'ILLIMITE' });
    await licensing.addAssignment(other, uai, { kind: 'profile', audience: 'ELEVE' }, audit());
    const sixA = await licensing.addAssignment(key, uai, { kind: 'class', code: '6A', audience: 'ELEVE' }, audit());
    const person = await licensing.addAssignment(key, uai, { kind: 'person', entId, personId: 'doc-1' }, audit());
    const revoked = await licensing.addAssignment(key, uai, { kind: 'profile', audience: 'ENSEIGNANT' }, audit());
    await licensing.revokeAssignment(revoked.id, audit());
    const input = await reports.collectReportInput(distributorId, day(2));
    assert.deepEqual([input.distributorId, input.generatedAt], [distributorId, day(2)]);
    assert.deepEqual(
      input.resources.map((r) => [r.idRessource, r.titreRessource]),
      [[resourceId, 'Manuel numérique Mathématiques 6e']],
    );
    assert.deepEqual(input.resources[0]?.subscriptions, [
      {
        idAbonnement: 'ABO-1',
        finValidite: '2026-08-15T00:00:00',
        establishments: [
          {
            uai,
            assignments: [
              { kind: 'class', code: '6A', audience: 'ELEVE', licences: 10, waiting: 5, createdAt: sixA.createdAt },
              { kind: 'person', audience: 'DOCUMENTALISTE', licences: 0, waiting: 1, createdAt: person.createdAt },
            ],
          },
        ],
      },
    ]);
    assert.ok(
      !JSON.stringify(input).includes(pupilId('6A', 1)) && !JSON.stringify(input).includes('doc-1'),
      "no person's id",
    );
    assert.deepEqual((await reports.collectReportInput('000000000_0000000000000000', day(2))).resources, []);
  });

  it('keeps the reports it is given and lists them per distributor, all or by status', async () => {
    const { reports } = current();
    const first = listing('GAR-Affectations_a_1.zip', day(1));
    const second = listing('GAR-Affectations_a_2.zip', day(2), 'PRIS_EN_COMPTE');
    for (const report of [first, second]) await save(distributorId, report);
    await save(otherDistributor, listing('GAR-Affectations_b_1.zip', day(3)));
    assert.deepEqual([...(await reports.listReports(distributorId))].sort(byName), [first, second]);
    assert.deepEqual(await reports.listReports(distributorId, 'NON_PRIS_EN_COMPTE'), [first]);
    assert.deepEqual(await reports.listReports(distributorId, 'PRIS_EN_COMPTE'), [second]);
    assert.deepEqual(await reports.listReports('000000000_0000000000000000'), []);
  });

  it('hands a report only to its distributor, marked taken into account', async () => {
    const { reports } = current();
    const report = listing('GAR-Affectations_a_1.zip', day(1));
    await save(distributorId, report);
    assert.equal(await reports.takeReport(otherDistributor, report.name), undefined);
    assert.equal(await reports.takeReport(distributorId, 'GAR-Affectations_inconnu.zip'), undefined);
    assert.deepEqual(await reports.listReports(distributorId), [report]);
    assert.deepEqual(await reports.takeReport(distributorId, report.name), Buffer.from(report.name));
    assert.deepEqual(await reports.listReports(distributorId), [{ ...report, status: 'PRIS_EN_COMPTE' }]);
    assert.deepEqual(await reports.takeReport(distributorId, report.name), Buffer.from(report.name), 'taken again');
  });

  it('knows when the latest report of any distributor was made', async () => {
    const { reports } = current();
    assert.equal(await reports.lastReportAt(), undefined);
    await save(otherDistributor, listing('b.zip', day(3)));
    await save(distributorId, listing('a.zip', day(2)));
    assert.deepEqual(await reports.lastReportAt(), day(3));
  });
}
