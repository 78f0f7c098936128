/**
 * The LogoutRunStore port (src/broker/ports.ts): a front-channel logout run is found while
 * neither expired nor finished, and finished once.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { cookieDigest, type LogoutRun, type LogoutRunStore } from '../../../src/broker/index.js';
import { eachSubject, type ContractSubject } from '../../support/contract-subject.js';

export interface LogoutRunStoreSubject extends ContractSubject {
  readonly runs: LogoutRunStore;
}

const t0 = new Date('2026-03-01T10:00:00.000Z');
const at = (minutes: number): Date => new Date(t0.getTime() + minutes * 60_000);
const hash = (): string => cookieDigest(randomBytes(32).toString('base64url'));

const run = (overrides: Partial<LogoutRun> = {}): LogoutRun => ({
  idHash: hash(),
  participants: [],
  continuation: { kind: 'redirect', location: 'https://ent/slo?x' },
  createdAt: t0,
  expiresAt: at(2),
  ...overrides,
});

export function logoutRunStoreContract(subject: () => Promise<LogoutRunStoreSubject>): void {
  const current = eachSubject(subject);

  it('finishes a run once, never after its expiry', async () => {
    const { runs } = current();
    const idHash = hash();
    await runs.open(run({ idHash }));
    assert.ok(await runs.find(idHash, at(1)));
    assert.deepEqual((await runs.finish(idHash, at(1)))?.continuation, {
      kind: 'redirect',
      location: 'https://ent/slo?x',
    });
    assert.equal(await runs.finish(idHash, at(1)), undefined);
    const late = hash();
    await runs.open(run({ idHash: late, continuation: { kind: 'page' } }));
    assert.equal(await runs.finish(late, at(3)), undefined);
    assert.equal(await runs.purgeExpired(at(3)), 2);
  });

  it('gives the run back as opened, its participants and continuation included', async () => {
    const { runs } = current();
    const participant = {
      kind: 'saml' as const,
      sessionHash: hash(),
      partnerId: 'https://sp',
      nameId: '_n',
      nameIdFormat: 'urn:t',
      sessionIndex: '_s',
      at: t0,
    };
    const opened = run({
      participants: [participant],
      continuation: { kind: 'post', action: 'https://ent/slo', fields: { a: 'b' } },
    });
    await runs.open(opened);
    // Every field comes back as it was opened, each participant's instant a Date again.
    assert.deepEqual(await runs.find(opened.idHash, at(1)), opened);
    assert.deepEqual(await runs.finish(opened.idHash, at(1)), opened);
  });

  it('finds nothing once finished, expired or unknown', async () => {
    const { runs } = current();
    const [finished, expiring] = [run(), run()];
    for (const r of [finished, expiring]) await runs.open(r);
    await runs.finish(finished.idHash, at(1));
    assert.equal(await runs.find(finished.idHash, at(1)), undefined);
    assert.equal(await runs.find(expiring.idHash, at(2)), undefined);
    assert.equal(await runs.find(hash(), at(1)), undefined);
  });

  it('of concurrent finishes of one run, one gets it', async () => {
    const { runs } = current();
    const opened = run();
    await runs.open(opened);
    const outcomes = await Promise.all([1, 2, 3].map(() => runs.finish(opened.idHash, at(1))));
    assert.equal(outcomes.filter((o) => o !== undefined).length, 1);
  });

  it('purges only the expired runs', async () => {
    const { runs } = current();
    const [short, long] = [run(), run({ expiresAt: at(10) })];
    for (const r of [short, long]) await runs.open(r);
    assert.equal(await runs.purgeExpired(at(2)), 1);
    assert.ok(await runs.find(long.idHash, at(3)));
  });
}
