/**
 * The console kernel's logins, sessions and guards through HTTP, on the real console router with a
 * clock the test moves (test/console/console-harness.ts).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { ConsoleSubject } from '../../src/console/index.js';
import { createConsoleSessionStore } from '../../src/store/index.js';
import { newTotpSecret, totpCode } from '../../src/trust/index.js';
import { describeEachDialect } from '../support/each-dialect.js';
import {
  addOperator,
  consoleHarness,
  idleMinutes,
  maxHours,
  pageCode,
  setCookie,
  sha256,
  type Browser,
  type ConsoleHarness,
} from './console-harness.js';

const password = 'correct horse battery';

describeEachDialect('console sessions', (dialect) => {
  let h: ConsoleHarness;
  let secret: string;
  beforeEach(async () => {
    h = await consoleHarness(dialect);
    secret = newTotpSecret();
    await addOperator(h.store, 'alice', password);
    await addOperator(h.store, 'totp', password, secret);
  });
  afterEach(async () => {
    await h.close();
  });

  const sessionRows = async () => h.store.db.selectFrom('console_session').selectAll().execute();
  const loggedIn = async (login = 'alice', totp = ''): Promise<Browser> => {
    const b = h.browser();
    await b.open();
    assert.equal((await b.logIn(login, password, totp)).status, 303);
    return b;
  };
  /** Whether the browser's session opens the operator's home (else it is sent to the login page). */
  const operatorHome = async (b: Browser): Promise<boolean> => {
    const res = await b.get('/console/operateur/');
    if (res.status === 303 && res.headers['location'] === '/console/connexion') return false;
    assert.equal(res.status, 200);
    return true;
  };

  describe('operator login', () => {
    it('opens a session: a strict cookie whose value the store never holds, then the operator home', async () => {
      const b = h.browser();
      await b.open();
      const res = await b.logIn('alice', password);
      assert.equal(res.status, 303);
      assert.equal(res.headers['location'], '/console/operateur/');
      const cookie = setCookie(res, 'gar_console');
      assert.match(cookie?.value ?? '', /^[A-Za-z0-9_-]{43}$/);
      assert.equal(cookie?.attributes.has('httponly'), true);
      assert.equal(cookie?.attributes.has('secure'), true);
      assert.equal(cookie?.attributes.get('samesite'), 'Strict');
      assert.equal(cookie?.attributes.get('path'), '/console');
      const rows = await sessionRows();
      assert.deepEqual(
        rows.map((r) => [r.id_hash, r.kind, r.operator_login]),
        [[sha256(cookie?.value ?? ''), 'operator', 'alice']],
      );
      assert.ok(!JSON.stringify(rows).includes(cookie?.value ?? ''));
      const home = await b.get('/console/operateur/');
      assert.equal(home.status, 200);
      assert.match(home.text, /\balice\b/);
    });

    it('accepts a TOTP code once: the same code again is refused', async () => {
      const code = totpCode(secret, h.clock.now());
      await loggedIn('totp', code);
      const again = h.browser();
      await again.open();
      assert.equal((await again.logIn('totp', password, code)).status, 401);
      const account = await h.store.db
        .selectFrom('operator_account')
        .select('failed_logins')
        .where('login', '=', 'totp')
        .executeTakeFirstOrThrow();
      assert.equal(Number(account.failed_logins), 1, 'a replayed code counts as a failure');
    });

    it('accepts a TOTP code once even when two logins bring it at the same time', async () => {
      const code = totpCode(secret, h.clock.now());
      const browsers = [h.browser(), h.browser()];
      for (const b of browsers) await b.open();
      const statuses = (await Promise.all(browsers.map((b) => b.logIn('totp', password, code))))
        .map((r) => r.status)
        .sort();
      assert.deepEqual(statuses, [303, 401]);
      assert.equal((await sessionRows()).length, 1);
    });

    it('refuses every wrong login with the same 401 page, and opens no session', async () => {
      const b = h.browser();
      await b.open();
      await h.store.db
        .insertInto('operator_account')
        .values({
          login: 'gone',
          password_hash: (
            await h.store.db
              .selectFrom('operator_account')
              .select('password_hash')
              .where('login', '=', 'alice')
              .executeTakeFirstOrThrow()
          ).password_hash,
          totp_secret: null,
          last_totp_step: null,
          locked_until: null,
          created_at: '2025-09-01T00:00:00.000Z',
          disabled_at: '2025-09-01T00:00:00.000Z',
        })
        .execute();
      const now = h.clock.now();
      const attempts: readonly (readonly [string, string, string, string])[] = [
        ['wrong password', 'alice', 'wrong password!', ''],
        ['unknown login', 'nobody', password, ''],
        ['missing TOTP code', 'totp', password, ''],
        ['wrong TOTP code', 'totp', password, totpCode(secret, now, 5)],
        ['disabled account', 'gone', password, ''],
      ];
      const pages = new Set<string>();
      for (const [why, login, pass, totp] of attempts) {
        const res = await b.logIn(login, pass, totp);
        assert.equal(res.status, 401, why);
        assert.equal(setCookie(res, 'gar_console'), undefined, why);
        pages.add(res.text);
      }
      assert.equal(pages.size, 1, 'no hint of which part was wrong');
      assert.deepEqual(await sessionRows(), []);
    });

    it('locks the account after 5 failures, even for the right password, for 15 minutes', async () => {
      const b = h.browser();
      await b.open();
      for (let i = 0; i < 4; i += 1) assert.equal((await b.logIn('alice', 'wrong password!')).status, 401);
      const fifth = await b.logIn('alice', 'wrong password!');
      assert.equal(fifth.status, 401);
      const locked = await b.logIn('alice', password);
      assert.equal(locked.status, 429);
      assert.notEqual(locked.text, fifth.text);
      h.clock.advanceMinutes(14);
      assert.equal((await b.logIn('alice', password)).status, 429);
      h.clock.advanceMinutes(1);
      assert.equal((await b.logIn('alice', password)).status, 303);
    });

    it(
      'guesses sent all at once: at most 5 are checked, the others are refused as locked, '
        + 'and the account ends locked',
      async () => {
        const b = h.browser();
        await b.open();
        const answers = await Promise.all(Array.from({ length: 12 }, () => b.logIn('alice', 'wrong password!')));
        const statuses = answers.map((r) => r.status);
        assert.ok(statuses.filter((s) => s === 401).length <= 5, statuses.join(' '));
        assert.equal(statuses.filter((s) => s !== 401 && s !== 429).length, 0, statuses.join(' '));
        assert.equal((await b.logIn('alice', password)).status, 429);
      },
    );

    it('a success resets the count of failures', async () => {
      const b = h.browser();
      await b.open();
      for (let i = 0; i < 4; i += 1) await b.logIn('alice', 'wrong password!');
      assert.equal((await b.logIn('alice', password)).status, 303);
      for (let i = 0; i < 4; i += 1) await b.logIn('alice', 'wrong password!');
      assert.equal((await b.logIn('alice', password)).status, 303);
    });
  });

  describe('sessions', () => {
    it('end after idleMinutes without a request; each request moves the idle limit', async () => {
      const b = await loggedIn();
      h.clock.advanceMinutes(idleMinutes - 1);
      assert.equal(await operatorHome(b), true);
      h.clock.advanceMinutes(idleMinutes - 1);
      assert.equal(await operatorHome(b), true);
      h.clock.advanceMinutes(idleMinutes);
      assert.equal(await operatorHome(b), false);
    });

    it('end after maxHours however active', async () => {
      const b = await loggedIn();
      for (let minutes = 20; minutes < maxHours * 60; minutes += 20) {
        h.clock.advanceMinutes(20);
        assert.equal(await operatorHome(b), true, `${minutes} minutes`);
      }
      h.clock.advanceMinutes(20);
      assert.equal(await operatorHome(b), false);
    });

    it('logout (with the token) deletes the session and clears the cookie; the old value opens nothing', async () => {
      const b = await loggedIn();
      const value = b.cookies.get('gar_console') ?? '';
      assert.equal((await b.post('/console/deconnexion', { _csrf: null })).status, 403, 'no logout without the token');
      assert.equal(await operatorHome(b), true);
      const out = await b.post('/console/deconnexion');
      assert.equal(out.status, 303);
      assert.equal(out.headers['location'], '/console/connexion');
      assert.equal(setCookie(out, 'gar_console')?.attributes.get('max-age'), '0');
      assert.deepEqual(await sessionRows(), []);
      b.cookies.set('gar_console', value);
      assert.equal(await operatorHome(b), false);
    });

    it('never accepts a value the browser invents, and a login always issues a new one', async () => {
      const b = h.browser();
      await b.open();
      const invented = randomBytes(32).toString('base64url');
      b.cookies.set('gar_console', invented);
      assert.equal(await operatorHome(b), false);
      await b.logIn('alice', password);
      const first = b.cookies.get('gar_console') ?? '';
      assert.notEqual(first, invented);
      await b.logIn('alice', password);
      assert.notEqual(b.cookies.get('gar_console'), first);
      assert.deepEqual(
        (await sessionRows()).map((r) => r.id_hash),
        [sha256(b.cookies.get('gar_console') ?? '')],
        'the previous session ended',
      );
      b.cookies.set('gar_console', first);
      assert.equal(await operatorHome(b), false);
      b.cookies.set('gar_console', invented);
      assert.equal(await operatorHome(b), false);
    });
  });

  describe('guards', () => {
    const ent = 'Z0';
    const at = '2025-09-01T00:00:00.000Z';
    const tracked = { record_hash: 'h', departed_at: null, updated_at: at };

    const addEstablishment = async (uai: string, degree: string, departed = false, entId = ent) => {
      await h.store.db
        .insertInto('establishment')
        .values({
          ent_id: entId,
          degree,
          uai,
          name: `École ${uai}`,
          attached_to: null,
          contract: null,
          phone: null,
          email: null,
          created_at: at,
          ...tracked,
          departed_at: departed ? at : null,
        })
        .execute();
    };
    const addManager = async (personId: string, degree: string, uais: readonly string[], departed = false) => {
      await h.store.db
        .insertInto('manager')
        .values({
          ent_id: ent,
          degree,
          person_id: personId,
          last_name: 'Martin',
          first_name: 'Claire',
          civility: null,
          mails: '[]',
          establishments: JSON.stringify(uais),
          ...tracked,
          departed_at: departed ? at : null,
        })
        .execute();
      for (const uai of uais)
        await h.store.db
          .insertInto('manager_establishment')
          .values({ ent_id: ent, degree, person_id: personId, uai })
          .execute();
    };
    /** A browser holding a live session of `subject`, made the way a login makes one. */
    const sessionOf = async (subject: ConsoleSubject): Promise<Browser> => {
      const b = h.browser();
      await b.open();
      const value = randomBytes(32).toString('base64url');
      const now = h.clock.now();
      await createConsoleSessionStore(h.store).create(sha256(value), subject, {
        createdAt: now,
        expiresAt: new Date(now.getTime() + 3_600_000),
        idleExpiresAt: new Date(now.getTime() + 1_800_000),
      });
      b.cookies.set('gar_console', value);
      return b;
    };
    const manager = { kind: 'manager', entId: ent, personId: 'ra-1' } as const;
    const listedUais = (html: string) =>
      [...html.matchAll(/href="\/console\/etablissements\/([^"]+)"/g)].map((m) => decodeURIComponent(m[1] ?? ''));

    beforeEach(async () => {
      await h.store.db.insertInto('ent_project').values({ id: ent, name: ent, created_at: at }).execute();
      for (const uai of ['0561234A', '0562222B', '0569999Z']) await addEstablishment(uai, '2D');
      await addEstablishment('0563333C', '2D', true);
      await addManager('ra-1', '2D', ['0561234A', '0562222B', '0563333C']);
    });

    it('a licence manager gets 403 ERR_CONSOLE_FORBIDDEN on operator pages', async () => {
      const res = await (await sessionOf(manager)).get('/console/operateur/');
      assert.equal(res.status, 403);
      assert.equal(pageCode(res.text), 'ERR_CONSOLE_FORBIDDEN');
    });

    it('the manager home lists exactly their live establishments', async () => {
      const res = await (await sessionOf(manager)).get('/console/');
      assert.equal(res.status, 200);
      assert.deepEqual(listedUais(res.text), ['0561234A', '0562222B']);
    });

    it('a manager passes requireManagerOf only for their own live establishments; an operator never', async () => {
      const b = await sessionOf(manager);
      assert.equal((await b.get('/console/etablissements/0561234A/essai')).text, 'ok 0561234A');
      for (const uai of ['0569999Z', '0563333C']) {
        const res = await b.get(`/console/etablissements/${uai}/essai`);
        assert.equal(res.status, 403, uai);
        assert.equal(pageCode(res.text), 'ERR_CONSOLE_FORBIDDEN');
      }
      assert.equal((await (await loggedIn()).get('/console/etablissements/0561234A/essai')).status, 403);
    });

    it('a manager the feed no longer lists is logged out', async () => {
      const b = await sessionOf(manager);
      assert.equal((await b.get('/console/')).status, 200);
      await h.store.db.updateTable('manager').set({ departed_at: at }).where('person_id', '=', 'ra-1').execute();
      const home = await b.get('/console/');
      assert.equal(home.status, 303);
      assert.equal(home.headers['location'], '/console/connexion');
      assert.equal(await operatorHome(b), false);
      assert.equal((await b.get('/console/etablissements/0561234A/essai')).status, 303);
      // Listed again by a later feed: the ended session stays ended.
      await h.store.db.updateTable('manager').set({ departed_at: null }).where('person_id', '=', 'ra-1').execute();
      assert.equal((await b.get('/console/')).status, 303);
    });

    it('a manager departed in one degree keeps only the establishments of the degree listing them', async () => {
      await addEstablishment('0564444D', '1D');
      await addManager('ra-1', '1D', ['0564444D']);
      await h.store.db
        .updateTable('manager')
        .set({ departed_at: at })
        .where('person_id', '=', 'ra-1')
        .where('degree', '=', '2D')
        .execute();
      const b = await sessionOf(manager);
      assert.deepEqual(listedUais((await b.get('/console/')).text), ['0564444D']);
      assert.equal((await b.get('/console/etablissements/0561234A/essai')).status, 403);
    });
  });
});
