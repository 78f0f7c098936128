/**
 * The ConsoleSessionStore port (src/console/ports.ts): a console session is used while neither
 * expired nor idle too long, each use moves its idle expiry (never past the absolute one), and
 * it ends at once; only digests of cookie values are accepted.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import type { ConsoleSessionStore, ConsoleSubject } from '../../../src/console/index.js';
import { isBrokerError } from '../../../src/core/broker-error.js';
import { eachSubject, type ContractSubject } from '../../support/contract-subject.js';

export interface ConsoleSessionStoreSubject extends ContractSubject {
  readonly sessions: ConsoleSessionStore;
}

const t0 = new Date('2025-09-02T08:00:00.000Z');
const at = (minutes: number): Date => new Date(t0.getTime() + minutes * 60_000);
const cookie = (): string => randomBytes(32).toString('base64url');
const digest = (value: string): string => createHash('sha256').update(value, 'utf8').digest('hex');
const operator: ConsoleSubject = { kind: 'operator', login: 'alice' };
const manager: ConsoleSubject = { kind: 'manager', entId: 'Z0', personId: 'dir-1' };
/** 2 hours absolute, 30 minutes idle. */
const times = { createdAt: t0, expiresAt: at(120), idleExpiresAt: at(30) };
const record = (subject: ConsoleSubject) => ({
  subject,
  createdAt: t0.toISOString(),
  expiresAt: at(120).toISOString(),
});

export function consoleSessionStoreContract(subject: () => Promise<ConsoleSessionStoreSubject>): void {
  const current = eachSubject(subject);

  it('gives back who the session belongs to, operator or manager', async () => {
    const { sessions } = current();
    const [a, b] = [digest(cookie()), digest(cookie())];
    await sessions.create(a, operator, times);
    await sessions.create(b, manager, times);
    assert.deepEqual(await sessions.use(a, at(1), at(31)), record(operator));
    assert.deepEqual(await sessions.use(b, at(1), at(31)), record(manager));
    assert.equal(await sessions.use(digest(cookie()), at(1), at(31)), undefined);
  });

  it('moves the idle expiry at each use: a session used at 20 minutes is still live at 49', async () => {
    const { sessions } = current();
    const id = digest(cookie());
    await sessions.create(id, operator, times);
    assert.ok(await sessions.use(id, at(20), at(50)));
    assert.ok(await sessions.use(id, at(49), at(79)));
    assert.equal(await sessions.use(id, at(79), at(109)), undefined, 'idle for exactly its window');
  });

  it('ends when idle too long, or at its absolute expiry however busy', async () => {
    const { sessions } = current();
    const [idle, busy] = [digest(cookie()), digest(cookie())];
    for (const id of [idle, busy]) await sessions.create(id, operator, times);
    assert.equal(await sessions.use(idle, at(31), at(61)), undefined);
    for (let minute = 20; minute < 120; minute += 20)
      assert.ok(await sessions.use(busy, at(minute), at(minute + 30)), `minute ${minute}`);
    assert.equal(await sessions.use(busy, at(120), at(150)), undefined);
  });

  it('moves the idle expiry where the caller asks, and still ends at the absolute expiry', async () => {
    const { sessions } = current();
    const id = digest(cookie());
    await sessions.create(id, operator, times);
    assert.ok(await sessions.use(id, at(20), at(500)));
    assert.ok(await sessions.use(id, at(119), at(500)), 'unused for 99 minutes, within the idle expiry asked');
    assert.equal(await sessions.use(id, at(120), at(500)), undefined);
  });

  it('ends a session at once; ending an unknown one does nothing', async () => {
    const { sessions } = current();
    const [ended, other] = [digest(cookie()), digest(cookie())];
    for (const id of [ended, other]) await sessions.create(id, operator, times);
    await sessions.end(ended);
    await sessions.end(digest(cookie()));
    assert.equal(await sessions.use(ended, at(1), at(31)), undefined);
    assert.ok(await sessions.use(other, at(1), at(31)));
  });

  it('purges the expired and idle sessions only', async () => {
    const { sessions } = current();
    const [idle, expired, live] = [digest(cookie()), digest(cookie()), digest(cookie())];
    await sessions.create(idle, operator, times);
    await sessions.create(expired, operator, { createdAt: t0, expiresAt: at(40), idleExpiresAt: at(40) });
    await sessions.create(live, operator, { ...times, idleExpiresAt: at(90) });
    assert.equal(await sessions.purgeExpired(at(40)), 2);
    assert.equal(await sessions.purgeExpired(at(40)), 0);
    assert.ok(await sessions.use(live, at(41), at(71)));
  });

  it('refuses a raw cookie value where its digest belongs', async () => {
    const { sessions } = current();
    const raw = cookie();
    await assert.rejects(
      sessions.create(raw, operator, times),
      (e) => isBrokerError(e) && e.code === 'ERR_LOGIN_STORE_INPUT',
    );
    assert.equal(await sessions.use(raw, at(1), at(31)), undefined);
  });
}
