/**
 * The console kernel through HTTP: the login page, languages, CSRF and error pages, on the real
 * console router (test/console/console-harness.ts). Logins and sessions: console-sessions.test.ts.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { consoleMessages } from '../../src/console/console-messages.js';
import { describeEachDialect } from '../support/each-dialect.js';
import { addOperator, consoleHarness, origin, pageCode, setCookie, type ConsoleHarness } from './console-harness.js';

const password = 'correct horse battery';

describe('console messages', () => {
  it('French and English have exactly the same keys', () => {
    assert.deepEqual(Object.keys(consoleMessages.en).sort(), Object.keys(consoleMessages.fr).sort());
  });

  it('every it.t(…) key of the views exists in both languages (a key built by `+`: at least one key so begins)', () => {
    const views = new URL('../../src/console/views/', import.meta.url);
    const used = readdirSync(views)
      .filter((f) => f.endsWith('.eta'))
      .flatMap((f) =>
        [...readFileSync(new URL(f, views), 'utf8').matchAll(/it\.t\(\s*'([^']+)'\s*([,)+])/g)].map((m) => ({
          view: f,
          key: m[1] ?? '',
          prefix: m[2] === '+',
        })),
      );
    assert.ok(used.filter((u) => !u.prefix).length > 10, 'the views were read');
    const known = (table: Readonly<Record<string, string>>, u: { key: string; prefix: boolean }) =>
      u.prefix ? Object.keys(table).some((k) => k.startsWith(u.key)) : u.key in table;
    const missing = used
      .filter((u) => !known(consoleMessages.fr, u) || !known(consoleMessages.en, u))
      .map(({ view, key }) => `${view}: ${key}`);
    assert.deepEqual(missing, []);
  });
});

describeEachDialect('console kernel', (dialect) => {
  let h: ConsoleHarness;
  beforeEach(async () => {
    h = await consoleHarness(dialect);
  });
  afterEach(async () => {
    await h.close();
  });

  const sessionRows = async () => h.store.db.selectFrom('console_session').selectAll().execute();

  describe('login page and language', () => {
    it('sends an anonymous visitor to the login page', async () => {
      const res = await h.browser().get('/console/');
      assert.equal(res.status, 303);
      assert.equal(res.headers['location'], '/console/connexion');
    });

    it('serves the login page in French, every input labelled, with a skip link and a strict CSRF cookie', async () => {
      const res = await h.browser().get('/console/connexion');
      assert.equal(res.status, 200);
      assert.match(res.text, /<html lang="fr">/);
      const inputs = [...res.text.matchAll(/<input ([^>]*)>/g)]
        .map((m) => m[1] ?? '')
        .filter((a) => !a.includes('type="hidden"'));
      assert.deepEqual(
        inputs.map((a) => /\bid="([^"]+)"/.exec(a)?.[1]),
        ['login', 'password', 'totp'],
      );
      for (const a of inputs) {
        const id = /\bid="([^"]+)"/.exec(a)?.[1] ?? '';
        assert.match(res.text, new RegExp(`<label for="${id}">[^<]+</label>`), id);
      }
      const skip = /<a class="skip" href="#([^"]+)">/.exec(res.text)?.[1];
      assert.ok(skip !== undefined && res.text.includes(`id="${skip}"`));
      assert.ok(res.text.indexOf('class="skip"') < res.text.indexOf('<header'), 'the skip link comes first');
      const csrf = setCookie(res, 'gar_console_csrf');
      assert.match(csrf?.value ?? '', /^[A-Za-z0-9_-]{43}$/);
      assert.deepEqual([...(csrf?.attributes.keys() ?? [])].sort(), ['httponly', 'path', 'samesite', 'secure']);
      assert.equal(csrf?.attributes.get('samesite'), 'Strict');
      assert.equal(csrf?.attributes.get('path'), '/console');
      assert.equal(res.headers['cache-control'], 'no-store');
    });

    it('switches to English with /console/langue/en (gar_lang), and back to French', async () => {
      const b = h.browser();
      const switched = await b.get('/console/langue/en', { Referer: `${origin}/console/connexion` });
      assert.equal(switched.status, 303);
      assert.equal(switched.headers['location'], `${origin}/console/connexion`);
      assert.equal(setCookie(switched, 'gar_lang')?.value, 'en');
      assert.match((await b.get('/console/connexion')).text, /<html lang="en">/);
      await b.get('/console/langue/fr');
      assert.match((await b.get('/console/connexion')).text, /<html lang="fr">/);
    });

    it('goes back after a language switch only to a console page of its own origin', async () => {
      for (const referer of ['https://evil.test/console/connexion', `${origin}/saml/idp/sso`, 'not a url']) {
        const res = await h.browser().get('/console/langue/en', { Referer: referer });
        assert.equal(res.headers['location'], '/console/', referer);
      }
    });
  });

  describe('CSRF', () => {
    beforeEach(async () => {
      await addOperator(h.store, 'alice', password);
    });
    const login = { login: 'alice', password, totp: '' };

    const assertRefused = async (res: { status: number; text: string; headers: Record<string, unknown> }) => {
      assert.equal(res.status, 403);
      assert.equal(pageCode(res.text), 'ERR_CONSOLE_CSRF');
      assert.equal(setCookie(res as never, 'gar_console'), undefined);
      assert.deepEqual(await sessionRows(), []);
    };

    it('refuses a login form without its token', async () => {
      const b = h.browser();
      await b.open();
      await assertRefused(await b.post('/console/connexion', { ...login, _csrf: null }));
    });

    it('refuses the token of another browser', async () => {
      const victim = h.browser();
      const attacker = h.browser();
      await victim.open();
      await attacker.open();
      assert.notEqual(victim.csrf, attacker.csrf);
      await assertRefused(await victim.post('/console/connexion', { ...login, _csrf: attacker.csrf }));
    });

    it('refuses a form posted from another site, even with the right token', async () => {
      const b = h.browser();
      await b.open();
      for (const from of ['https://evil.test', 'http://console.test', 'null']) {
        await assertRefused(await b.post('/console/connexion', login, { Origin: from }));
      }
    });

    it("accepts the token in the X-CSRF-Token header, and the console's own Origin", async () => {
      const b = h.browser();
      await b.open();
      const res = await b.post(
        '/console/connexion',
        { ...login, _csrf: null },
        { 'X-CSRF-Token': b.csrf, Origin: origin },
      );
      assert.equal(res.status, 303);
      assert.equal((await sessionRows()).length, 1);
    });
  });

  describe('error pages', () => {
    it('an unknown console path: a French 404 page showing the correlation id and the code', async () => {
      const res = await h.browser().get('/console/nulle-part');
      assert.equal(res.status, 404);
      assert.match(res.text, /<html lang="fr">/);
      assert.equal(pageCode(res.text), 'ERR_HTTP_NOT_FOUND');
      const correlationId = String(res.headers['x-correlation-id']);
      assert.ok(correlationId.length > 0 && res.text.includes(correlationId));
    });

    it('a 5xx shows only a generic text, the code and the correlation id, never its message or detail', async () => {
      for (const path of ['/console/essai/panne', '/console/essai/panne-codee']) {
        const res = await h.browser().get(path);
        assert.equal(res.status, 500, path);
        assert.equal(pageCode(res.text), 'ERR_HTTP_INTERNAL');
        assert.ok(res.text.includes(String(res.headers['x-correlation-id'])));
        assert.doesNotMatch(res.text, /secret|Error:|at .*\.ts/, path);
      }
    });

    it('in English when the visitor chose English', async () => {
      const b = h.browser();
      await b.get('/console/langue/en');
      const res = await b.get('/console/nulle-part');
      assert.equal(res.status, 404);
      assert.match(res.text, /<html lang="en">/);
    });
  });
});
