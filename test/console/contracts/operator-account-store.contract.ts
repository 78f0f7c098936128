/**
 * The OperatorAccountStore port (src/console/ports.ts): accounts created once and audited without
 * their secrets; attempts reserved before a password is checked, so that at most the allowed
 * number of guesses is ever counted; the last allowed failure locks the account for a while; a
 * success resets the count and spends its TOTP step once.
 */
import assert from 'node:assert/strict';
import type { OperatorAccountStore } from '../../../src/console/index.js';
import type { AuditContext } from '../../../src/subscriptions/index.js';
import { auditedState, eachSubject, type AuditTrail, type ContractSubject } from '../../support/contract-subject.js';

export interface OperatorAccountStoreSubject extends ContractSubject {
  readonly accounts: OperatorAccountStore;
  readonly auditTrail: AuditTrail;
}

const t0 = new Date('2025-09-02T08:00:00.000Z');
const at = (minutes: number): Date => new Date(t0.getTime() + minutes * 60_000);
const audit: AuditContext = { actor: 'cli:root', at: t0, correlationId: 'c-1' };
const alice = { login: 'alice', passwordHash: '$scrypt$alice', totpSecret: 'JBSWY3DPEHPK3PXP' };
const bob = { login: 'bob', passwordHash: '$scrypt$bob' };

export function operatorAccountStoreContract(subject: () => Promise<OperatorAccountStoreSubject>): void {
  const current = eachSubject(async () => {
    const opened = await subject();
    for (const account of [alice, bob]) assert.equal(await opened.accounts.createAccount(account, audit), 'created');
    return opened;
  });
  /** Reserves attempts until refused: how many the account allows in a row. */
  const reserveAll = async (login: string, when: Date): Promise<number> => {
    let reserved = 0;
    while (await current().accounts.reserveAttempt(login, when)) {
      reserved += 1;
      assert.ok(reserved < 100, 'some limit refuses further attempts');
    }
    return reserved;
  };

  it('creates an account once, finds it back, and audits it without its hash or TOTP secret', async () => {
    const { accounts, auditTrail } = current();
    assert.equal(await accounts.createAccount({ ...alice, passwordHash: 'other' }, audit), 'exists');
    assert.deepEqual(await accounts.findAccount('alice'), { ...alice, failedLogins: 0, disabled: false });
    assert.deepEqual(await accounts.findAccount('bob'), { ...bob, failedLogins: 0, disabled: false });
    assert.equal(await accounts.findAccount('carol'), undefined);
    const events = await auditTrail();
    assert.deepEqual(
      events.map((e) => [e.action, e.actor, e.target, e.at]),
      [
        ['operator.create', 'cli:root', 'operator:alice', t0.toISOString()],
        ['operator.create', 'cli:root', 'operator:bob', t0.toISOString()],
      ],
    );
    assert.deepEqual(auditedState(events[0]?.after ?? null), { login: 'alice', totp: true });
    assert.ok(!JSON.stringify(events).includes('$scrypt$') && !JSON.stringify(events).includes(alice.totpSecret));
  });

  it('lists the accounts by login, without their hash or TOTP secret', async () => {
    const { accounts } = current();
    assert.deepEqual(await accounts.listAccounts(), [
      { login: 'alice', failedLogins: 0, disabled: false },
      { login: 'bob', failedLogins: 0, disabled: false },
    ]);
  });

  it('counts reserved attempts up to a limit, then refuses without counting', async () => {
    const { accounts } = current();
    const allowed = await reserveAll('alice', at(1));
    assert.ok(allowed >= 1);
    assert.equal((await accounts.findAccount('alice'))?.failedLogins, allowed);
    assert.equal(await accounts.reserveAttempt('alice', at(1)), false);
    assert.equal((await accounts.findAccount('alice'))?.failedLogins, allowed);
    assert.equal((await accounts.findAccount('bob'))?.failedLogins, 0, 'each account counts its own');
    assert.equal(await accounts.reserveAttempt('carol', at(1)), false, 'an unknown account');
  });

  it('reserves no more than the limit when attempts arrive at once', async () => {
    const { accounts } = current();
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => accounts.reserveAttempt('bob', at(1))));
    const allowed = outcomes.filter(Boolean).length;
    assert.ok(allowed >= 1 && allowed < 20);
    assert.equal((await accounts.findAccount('bob'))?.failedLogins, allowed);
  });

  it('locks the account at the last allowed failure, refusing attempts and successes until the lock ends', async () => {
    const { accounts } = current();
    await reserveAll('alice', at(1));
    assert.equal(await accounts.recordLogin('alice', { ok: false }, at(1)), false);
    const locked = await accounts.findAccount('alice');
    const until = new Date(locked?.lockedUntil ?? 0);
    assert.ok(until > at(1), 'locked for a while');
    assert.equal(await accounts.reserveAttempt('alice', at(2)), false);
    assert.equal(await accounts.recordLogin('alice', { ok: true }, at(2)), false, 'a success cannot outrun the lock');
    assert.equal(await accounts.reserveAttempt('alice', until), true, 'the lock has ended');
    assert.equal(await accounts.recordLogin('alice', { ok: true }, until), true);
    const after = await accounts.findAccount('alice');
    assert.deepEqual([after?.failedLogins, after?.lockedUntil], [0, undefined]);
  });

  it('a failure below the limit does not lock; a success resets the count', async () => {
    const { accounts } = current();
    assert.equal(await accounts.reserveAttempt('bob', at(1)), true);
    assert.equal(await accounts.recordLogin('bob', { ok: false }, at(1)), false);
    assert.equal((await accounts.findAccount('bob'))?.lockedUntil, undefined);
    assert.equal(await accounts.reserveAttempt('bob', at(2)), true);
    assert.equal(await accounts.recordLogin('bob', { ok: true }, at(2)), true);
    assert.equal((await accounts.findAccount('bob'))?.failedLogins, 0);
  });

  it('spends a TOTP step once: the same or an older step is refused, a newer one kept', async () => {
    const { accounts } = current();
    assert.equal(await accounts.recordLogin('alice', { ok: true, totpStep: 1000 }, at(1)), true);
    assert.equal((await accounts.findAccount('alice'))?.lastTotpStep, 1000);
    assert.equal(await accounts.recordLogin('alice', { ok: true, totpStep: 1000 }, at(1)), false);
    assert.equal(await accounts.recordLogin('alice', { ok: true, totpStep: 999 }, at(1)), false);
    assert.equal(await accounts.recordLogin('alice', { ok: true, totpStep: 1001 }, at(2)), true);
    assert.deepEqual((await accounts.listAccounts())[0], {
      login: 'alice',
      failedLogins: 0,
      disabled: false,
      lastTotpStep: 1001,
    });
  });

  it('of two logins racing with one TOTP code, one succeeds', async () => {
    const { accounts } = current();
    const outcomes = await Promise.all(
      [1, 2, 3].map(() => accounts.recordLogin('alice', { ok: true, totpStep: 7 }, at(1))),
    );
    assert.deepEqual([...outcomes].sort(), [false, false, true]);
  });

  it('records nothing for an unknown account', async () => {
    const { accounts } = current();
    assert.equal(await accounts.recordLogin('carol', { ok: true }, at(1)), false);
    assert.equal(await accounts.findAccount('carol'), undefined);
  });
}
