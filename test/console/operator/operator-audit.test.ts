/**
 * The audit trail page (who did what, when): filters by actor and action prefix, target and days
 * (Paris time), newest first, 50 a page with the filters kept by the pager; stored values are
 * shown escaped.
 */
import assert from 'node:assert/strict';
import { describeEachDialect } from '../../support/each-dialect.js';
import { operatorHarness, pageCode, type OperatorHarness } from './operator-harness.js';

const journal = '/console/operateur/journal';

/** Event ids a page lists, in order. */
const listed = (html: string): number[] => [...html.matchAll(/data-event="(\d+)"/g)].map((m) => Number(m[1]));

describeEachDialect('operator pages: audit trail', (dialect) => {
  let h: OperatorHarness;
  const ids = new Map<string, number>();
  before(async () => {
    h = await operatorHarness(dialect);
    await h.store.db.deleteFrom('audit_event').execute();
    const add = async (
      name: string,
      at: string,
      actor: string,
      action: string,
      target: string,
      after: unknown = null,
    ) => {
      const row = await h.store.db
        .insertInto('audit_event')
        .values({
          at,
          actor,
          action,
          target,
          before_state: null,
          after_state: after === null ? null : JSON.stringify(after),
          correlation_id: `c-${name}`,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.set(name, Number(row.id));
    };
    // 60 subscription events by a distributor, one a minute from 2025-09-01 08:00 UTC.
    for (let i = 0; i < 60; i += 1) {
      await add(
        `abo-${i}`,
        new Date(Date.UTC(2025, 8, 1, 8, i)).toISOString(),
        'distributor:552081317_0000000000000001',
        'subscription.create',
        `subscription:ABO-${i}`,
      );
    }
    await add(
      'approve',
      '2025-09-09T21:30:00.000Z',
      'console:operator:alice',
      'contract.approve',
      'contract:ark:/86527/r6e2m4t81/v2',
      { 2: 'approved' },
    );
    await add(
      'late',
      '2025-09-09T22:30:00.000Z',
      'console:operator:bob',
      'contract.reject',
      'contract:ark:/86527/autre/v1',
    );
    await add('xss', '2025-09-10T09:00:00.000Z', 'cli:root', 'resource.add', '<script>alert("x")</script>', {
      nom: '<img src=x onerror=alert(1)>',
    });
  });
  after(async () => {
    await h.close();
  });

  it('lists the newest first, 50 a page, and the next page has the rest', async () => {
    const first = await h.get(journal);
    assert.equal(first.status, 200);
    const page1 = listed(first.text);
    assert.equal(page1.length, 50);
    assert.deepEqual(page1.slice(0, 3), [ids.get('xss'), ids.get('late'), ids.get('approve')]);
    assert.ok(first.text.includes(`href="${journal}?page=2"`));
    const second = await h.get(`${journal}?page=2`);
    const page2 = listed(second.text);
    assert.equal(page2.length, 13);
    assert.equal(page2.at(-1), ids.get('abo-0'));
    assert.ok(second.text.includes(`href="${journal}"`), 'a link back to the first page');
    assert.ok(!second.text.includes('rel="next"'));
  });

  it('filters by actor prefix, action prefix and target', async () => {
    assert.deepEqual(listed((await h.get(`${journal}?acteur=console%3Aoperator%3A`)).text), [
      ids.get('late'),
      ids.get('approve'),
    ]);
    assert.deepEqual(listed((await h.get(`${journal}?acteur=console%3Aoperator%3Aalice`)).text), [ids.get('approve')]);
    assert.deepEqual(listed((await h.get(`${journal}?action=contract.`)).text), [ids.get('late'), ids.get('approve')]);
    assert.deepEqual(listed((await h.get(`${journal}?action=Contract.`)).text), [], 'case-sensitive on both databases');
    assert.deepEqual(listed((await h.get(`${journal}?cible=r6e2m4t81`)).text), [ids.get('approve')]);
    assert.deepEqual(listed((await h.get(`${journal}?cible=ABO-5&acteur=distributor%3A`)).text), [
      ids.get('abo-59'),
      ids.get('abo-58'),
      ids.get('abo-57'),
      ids.get('abo-56'),
      ids.get('abo-55'),
      ids.get('abo-54'),
      ids.get('abo-53'),
      ids.get('abo-52'),
      ids.get('abo-51'),
      ids.get('abo-50'),
      ids.get('abo-5'),
    ]);
  });

  it('filters by days in Paris time, both ends included', async () => {
    // 22:30 UTC on 9 September is 00:30 on the 10th in Paris.
    assert.deepEqual(listed((await h.get(`${journal}?du=2025-09-10&au=2025-09-10`)).text), [
      ids.get('xss'),
      ids.get('late'),
    ]);
    assert.deepEqual(listed((await h.get(`${journal}?du=2025-09-09&au=2025-09-09`)).text), [ids.get('approve')]);
    assert.equal(listed((await h.get(`${journal}?au=2025-09-01`)).text).length, 50);
    assert.deepEqual(listed((await h.get(`${journal}?du=2025-09-11`)).text), []);
  });

  it('keeps the filters in the pager links and in the form', async () => {
    const res = await h.get(`${journal}?acteur=distributor%3A&du=2025-09-01`);
    assert.ok(res.text.includes(`href="${journal}?acteur=distributor%3A&amp;du=2025-09-01&amp;page=2"`));
    assert.match(res.text, /<input id="acteur" name="acteur" value="distributor:"/);
    assert.match(res.text, /<input id="du" name="du" type="date" value="2025-09-01">/);
  });

  it('shows stored values escaped: a target or a state holding markup is text', async () => {
    const res = await h.get(`${journal}?acteur=cli%3Aroot`);
    assert.equal(res.status, 200);
    assert.ok(res.text.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'));
    assert.ok(!res.text.includes('<script>alert'));
    assert.ok(!res.text.includes('<img src=x'));
    const typed = await h.get(`${journal}?cible=${encodeURIComponent('<script>')}`);
    assert.deepEqual(listed(typed.text), [ids.get('xss')]);
    assert.ok(!typed.text.includes('value="<script>"'));
  });

  it('refuses a day out of form (400 ERR_CONSOLE_FORM_INVALID) in the page', async () => {
    for (const day of ['2025-02-30', '10/09/2025']) {
      const res = await h.get(`${journal}?du=${encodeURIComponent(day)}`);
      assert.equal(res.status, 400);
      assert.equal(pageCode(res.text), 'ERR_CONSOLE_FORM_INVALID');
      assert.deepEqual(listed(res.text), []);
    }
  });
});
