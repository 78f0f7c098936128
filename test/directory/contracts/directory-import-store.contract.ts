/**
 * The DirectoryImportStore port (src/directory/ports.ts): a delivery is staged in private space,
 * checked across records, counted, then applied as a whole snapshot of its (ENT project, degree);
 * until applied the directory is unchanged. Effects are read through the directory's and the
 * operator console's ports.
 */
import assert from 'node:assert/strict';
import type { OperatorConsoleSource } from '../../../src/console/index.js';
import {
  toReadBatch,
  type DeliveryScope,
  type DeliveryStaging,
  type DirectoryImportStore,
  type FeedIssue,
  type FeedRecord,
  type PersonAttributeSource,
} from '../../../src/directory/index.js';
import { eachSubject, type ContractSubject } from '../../support/contract-subject.js';
import { division, etab, member, pupil } from '../import/snapshot-builder.js';

export interface DirectoryImportStoreSubject extends ContractSubject {
  readonly imports: DirectoryImportStore;
  /** The directory as the login resolves it. */
  readonly people: PersonAttributeSource;
  /** ENT projects and their feed imports as the operator sees them. */
  readonly operator: OperatorConsoleSource;
}

const A = '0561534N';
const B = '0561535P';
const scope: DeliveryScope = { entId: 'Z0', degree: '2D' };
const at = new Date('2026-11-28T01:00:00.000Z');
const file = 'Z0_GAR-ENT_Complet_20261128_010000_2D_Eleve_0000.xml';

/** Valid records at lines 1…n, then the issues of records rejected while reading. */
function batch(records: readonly FeedRecord[], issues: readonly FeedIssue[] = []) {
  const items = [
    ...records.map((record, i) => ({
      ok: true as const,
      record,
      at: { file, line: i + 1, element: null, recordId: null },
    })),
    ...issues.map((issue) => ({ ok: false as const, issue })),
  ];
  return toReadBatch(items, (i) => i + 1);
}

const baseline = (): FeedRecord[] => [
  etab(A),
  division(A, '6A'),
  pupil('p1', A),
  pupil('p2', A),
  pupil('p3', A),
  member(A, 'p1', '6A'),
  member(A, 'p2', '6A'),
  member(A, 'p3', '6A'),
];

const none = { added: 0, changed: 0, left: 0, rejected: 0, held: 0 };

export function directoryImportStoreContract(subject: () => Promise<DirectoryImportStoreSubject>): void {
  const current = eachSubject(subject);
  const staged = <T>(work: (staging: DeliveryStaging) => Promise<T>) =>
    current().imports.withStaging(scope.entId, work);
  const applied = (records: readonly FeedRecord[], issues: readonly FeedIssue[] = []) =>
    staged(async (staging) => {
      await staging.stage(batch(records, issues));
      const checked = await staging.checkIntegrity(scope, 100);
      const plan = await staging.plan(scope);
      await staging.apply(scope, at);
      return { checked, plan };
    });

  it('applies a checked, counted snapshot: its people resolve and the ENT project is registered', async () => {
    const { people, operator } = current();
    assert.deepEqual(await operator.listEntProjects(), []);
    const { checked, plan } = await applied(baseline());
    assert.deepEqual(checked, { issues: [], total: 0 });
    assert.deepEqual(
      [plan.establishment, plan.group, plan.person, plan.membership, plan.teaching],
      [{ ...none, added: 1 }, { ...none, added: 1 }, { ...none, added: 3 }, { ...none, added: 3 }, none],
    );
    const p1 = await people.resolvePerson('Z0', 'p1', A);
    assert.deepEqual(
      [p1?.profile, p1?.attributes.NOM, p1?.attributes.DIV],
      ['National_elv', ['Martin'], ['6A##6A label']],
    );
    assert.deepEqual(await people.establishmentsOf('Z0', 'p2'), [A]);
    assert.deepEqual(
      (await operator.listEntProjects()).map((p) => [p.entId, p.establishments]),
      [['Z0', 1]],
    );
  });

  it('changes nothing until the staged snapshot is applied', async () => {
    const { people, operator } = current();
    const plan = await staged(async (staging) => {
      await staging.stage(batch(baseline()));
      await staging.checkIntegrity(scope, 100);
      return staging.plan(scope);
    });
    assert.equal(plan.person.added, 3);
    assert.equal(await people.resolvePerson('Z0', 'p1', A), undefined);
    assert.deepEqual(await operator.listEntProjects(), []);
  });

  it('counts what a later snapshot adds, changes and leaves, and applies exactly that', async () => {
    const { people } = current();
    await applied(baseline());
    const next = baseline().filter((r) => !('personId' in r && r.personId === 'p3'));
    next[next.findIndex((r) => r.type === 'person' && r.personId === 'p1')] = pupil('p1', A, 'Lefèvre');
    next.push(pupil('p4', A), member(A, 'p4', '6A'));
    const { plan } = await applied(next);
    assert.deepEqual(plan.person, { ...none, added: 1, changed: 1, left: 1 });
    assert.deepEqual(plan.membership, { ...none, added: 1, left: 1 });
    assert.deepEqual(plan.establishment, none);
    assert.deepEqual((await people.resolvePerson('Z0', 'p1', A))?.attributes.NOM, ['Lefèvre']);
    assert.equal(await people.resolvePerson('Z0', 'p3', A), undefined);
    assert.ok(await people.resolvePerson('Z0', 'p4', A));
  });

  it('gives each delivery empty staging space', async () => {
    await applied(baseline());
    const plan = await staged((staging) => staging.plan(scope));
    assert.deepEqual([plan.establishment.left, plan.person.left, plan.membership.left], [1, 3, 3]);
    assert.deepEqual(await staged(async (staging) => (await staging.checkIntegrity(scope, 100)).total), 0);
  });

  it('rejects a record whose referent is missing, and holds one whose referent was rejected', async () => {
    const { people } = current();
    const records = [
      etab(A),
      etab(B),
      etab(B, 'Collège en double'),
      division(A, '6A'),
      division(B, '5B'),
      pupil('p1', A),
      member(A, 'p1', '6A'),
      member(A, 'p1', '9Z'),
    ];
    const { checked, plan } = await applied(records);
    const found = checked.issues.map((i) => [i.code, i.line, i.own]).sort();
    assert.deepEqual(found, [
      ['ERR_FEED_DANGLING_REFERENCE', 5, false],
      ['ERR_FEED_DANGLING_REFERENCE', 8, true],
      ['ERR_FEED_DUPLICATE_KEY', 2, true],
      ['ERR_FEED_DUPLICATE_KEY', 3, true],
    ]);
    assert.equal(checked.total, 4);
    assert.deepEqual([plan.establishment.rejected, plan.group.held, plan.membership.rejected], [2, 1, 1]);
    assert.deepEqual((await people.resolvePerson('Z0', 'p1', A))?.attributes.DIV, ['6A##6A label']);
  });

  it('returns at most `issueLimit` issues, and how many there are in all', async () => {
    const dangling = ['7A', '7B', '7C'].map((code) => member(A, 'p1', code));
    const checked = await staged(async (staging) => {
      await staging.stage(batch([etab(A), pupil('p1', A), ...dangling]));
      return staging.checkIntegrity(scope, 2);
    });
    assert.deepEqual([checked.issues.length, checked.total], [2, 3]);
  });

  it('keeps the previous state of a record rejected while reading, and holds what depends on it', async () => {
    const { people } = current();
    await applied(baseline());
    const rejected: FeedIssue = {
      file,
      line: 99,
      element: 'GAREleve',
      recordId: 'p1',
      code: 'ERR_FEED_VALUE_INVALID',
      message: 'invalid',
    };
    const next = baseline().filter((r) => !(r.type === 'person' && r.personId === 'p1'));
    const { checked, plan } = await applied(next, [rejected]);
    assert.deepEqual(
      checked.issues.map((i) => [i.code, i.own]),
      [['ERR_FEED_DANGLING_REFERENCE', false]],
    );
    assert.deepEqual([plan.person.left, plan.membership.left, plan.membership.held], [0, 0, 1]);
    assert.deepEqual((await people.resolvePerson('Z0', 'p1', A))?.attributes.DIV, ['6A##6A label']);
  });

  it('refuses an establishment another ENT project already delivers', async () => {
    await applied([etab(A)]);
    const checked = await current().imports.withStaging('Y1', async (staging) => {
      await staging.stage(batch([etab(A), etab(B)]));
      return staging.checkIntegrity({ entId: 'Y1', degree: '2D' }, 100);
    });
    assert.deepEqual(
      checked.issues.map((i) => [i.code, i.line, i.own]),
      [['ERR_FEED_FOREIGN_ESTABLISHMENT', 1, true]],
    );
  });

  it('records each import: the operator reads them newest first, the last one beside its project', async () => {
    const { imports, operator } = current();
    await applied([etab(A)]);
    const entry = (status: 'applied' | 'refused', hour: number) => ({
      entId: 'Z0',
      degree: '2D' as const,
      source: `drop/${hour}`,
      status,
      startedAt: new Date(`2026-11-28T0${hour}:00:00.000Z`),
      finishedAt: new Date(`2026-11-28T0${hour}:05:00.000Z`),
      summary: { counts: { person: { read: 3, added: 3, changed: 0, left: 0, rejected: 0, held: 0 } }, refusal: null },
    });
    await imports.recordImport(entry('applied', 1));
    await imports.recordImport({
      ...entry('refused', 2),
      summary: { counts: {}, refusal: { code: 'ERR_FEED_TOO_MANY_INVALID', message: 'm' } },
    });
    const listed = await operator.listFeedImports('Z0', 10);
    assert.deepEqual(
      listed.map((r) => [r.status, r.source, r.degree, r.startedAt, r.finishedAt]),
      [
        ['refused', 'drop/2', '2D', '2026-11-28T02:00:00.000Z', '2026-11-28T02:05:00.000Z'],
        ['applied', 'drop/1', '2D', '2026-11-28T01:00:00.000Z', '2026-11-28T01:05:00.000Z'],
      ],
    );
    assert.deepEqual(listed[0]?.report, { counts: {}, refusal: { code: 'ERR_FEED_TOO_MANY_INVALID', message: 'm' } });
    assert.deepEqual(listed[1]?.report?.counts.person?.added, 3);
    assert.equal((await operator.listEntProjects())[0]?.lastImport?.source, 'drop/2');
    assert.deepEqual(await operator.listFeedImports('Y1', 10), []);
  });
}
