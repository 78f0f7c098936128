/**
 * Default deny on every route of the licence manager's pages (gar-reference §7; docs/architecture
 * "default deny"): a manager of establishment A naming establishment B gets 403
 * ERR_CONSOLE_FORBIDDEN and nothing changes; so does an operator; an anonymous visitor is sent to
 * the login page. The table of routes is the module's own, so a route added later is covered.
 */
import assert from 'node:assert/strict';
import { managerRoutes } from '../../../src/console/index.js';
import type { AssignmentView } from '../../../src/subscriptions/index.js';
import { describeEachDialect } from '../../support/each-dialect.js';
import { addSubscription, audit, distributorId, entId, otherUai, uai } from '../../support/licensing-fixtures.js';
import { licensingSnapshot, managerHarness, pageCode, type ManagerHarness, type Who } from './manager-harness.js';

/** A form that the route would act on if it were allowed (so a missing guard would show as a change). */
function formFor(path: string, view: AssignmentView): Record<string, string | string[]> {
  if (path.endsWith('/populations/affecter'))
    return {
      kind: 'class',
      code: '6A',
      audience: 'ELEVE',
      abonnement: `${distributorId}/${view.subscription.subscriptionId}`,
    };
  if (path.endsWith('/affectations')) return { kind: 'profile', profile: 'ENSEIGNANT' };
  if (path.endsWith('/licences/reprendre')) return { personne: `${entId}:elv-6a-01` };
  return {};
}

/** The route with its parameters filled for the establishment, subscription and assignment given. */
function concrete(pattern: string, at: string, view: AssignmentView): string {
  return (
    `/console${pattern}`
      .replace(':uai', encodeURIComponent(at))
      .replace(':distributor', encodeURIComponent(view.subscription.distributorId))
      .replace(':subscription', encodeURIComponent(view.subscription.subscriptionId))
      .replace(':id', String(view.id))
    + (pattern.endsWith('/personnes')
      ? '?q=nom'
      : pattern.endsWith('/licences/reprendre')
        ? `?personne=${entId}:elv-6a-01`
        : '')
  );
}

describeEachDialect('manager pages: isolation of establishments', (dialect) => {
  let h: ManagerHarness;
  let viewA: AssignmentView;
  let viewB: AssignmentView;
  before(async () => {
    h = await managerHarness(dialect, { pupilsPerClass: 3 });
    await addSubscription(h.store.db, { id: 'ABO-A', global: 10 });
    await addSubscription(h.store.db, { id: 'ABO-B', global: 10, uai: otherUai });
    viewA = await h.licensing.addAssignment(
      { distributorId, subscriptionId: 'ABO-A' },
      uai,
      { kind: 'person', entId, personId: 'elv-6a-01' },
      audit(),
    );
    viewB = await h.licensing.addAssignment(
      { distributorId, subscriptionId: 'ABO-B' },
      otherUai,
      { kind: 'profile', audience: 'ELEVE' },
      audit(),
    );
  });
  after(async () => {
    await h.close();
  });

  async function unchanged(request: () => Promise<{ status: number; text: string; headers: Record<string, string> }>) {
    const before = await licensingSnapshot(h.store);
    const res = await request();
    assert.equal(await licensingSnapshot(h.store), before, 'nothing changed');
    return res;
  }

  const send = (method: 'get' | 'post', path: string, who: Who, view: AssignmentView) =>
    method === 'get' ? h.get(path, who) : h.post(path, formFor(path, view), who);

  for (const [method, pattern] of managerRoutes) {
    it(`${method.toUpperCase()} ${pattern}: the other establishment's manager gets 403, either way round`, async () => {
      for (const [who, at, view] of [
        ['a', otherUai, viewB],
        ['b', uai, viewA],
        ['a', otherUai, viewA],
      ] as const) {
        const res = await unchanged(() => send(method, concrete(pattern, at, view), who, view));
        assert.equal(res.status, 403, `${who} → ${at}`);
        assert.equal(pageCode(res.text), 'ERR_CONSOLE_FORBIDDEN');
      }
    });

    it(`${method.toUpperCase()} ${pattern}: an operator gets 403; an anonymous visitor is sent to log in`, async () => {
      const path = concrete(pattern, uai, viewA);
      const res = await unchanged(() => send(method, path, 'operator', viewA));
      assert.equal(res.status, 403);
      assert.equal(pageCode(res.text), 'ERR_CONSOLE_FORBIDDEN');
      const anonymous = await unchanged(() => send(method, path, 'anonymous', viewA));
      if (method === 'get') {
        assert.equal(anonymous.status, 303);
        assert.equal(anonymous.headers['location'], '/console/connexion');
      } else {
        assert.equal(anonymous.status, 401);
        assert.equal(pageCode(anonymous.text), 'ERR_CONSOLE_LOGIN_REQUIRED');
      }
    });
  }

  it(
    "the manager of A naming its own UAI with B's subscription or assignment " + 'finds nothing, and changes nothing',
    async () => {
      const subscriptionRoutes = managerRoutes.filter(([, pattern]) => pattern.includes(':subscription'));
      for (const [method, pattern] of subscriptionRoutes) {
        const res = await unchanged(() => send(method, concrete(pattern, uai, viewB), 'a', viewB));
        assert.equal(res.status, 404, `${method} ${pattern}`);
      }
      // A's subscription, B's assignment id: not one of this subscription's assignments.
      const path = concrete(
        '/etablissements/:uai/abonnements/:distributor/:subscription/affectations/:id/retirer',
        uai,
        {
          ...viewA,
          id: viewB.id,
        },
      );
      const res = await unchanged(() => h.post(path, {}, 'a'));
      assert.equal(res.status, 404);
      assert.match(res.text, /Cette affectation n’existe plus/);
      // A population form naming B's subscription.
      const form = await unchanged(() =>
        h.post(
          concrete('/etablissements/:uai/populations/affecter', uai, viewA),
          formFor('/populations/affecter', viewB),
          'a',
        ),
      );
      assert.equal(form.status, 400);
      assert.match(form.text, /Choisissez une ressource de cet établissement/);
    },
  );

  it('a manager of both establishments reaches both, and switches between them', async () => {
    const res = await h.get(concrete('/etablissements/:uai', uai, viewA), 'ab');
    assert.equal(res.status, 200);
    assert.match(res.text, /Changer d’établissement/);
    assert.ok(res.text.includes(`href="/console/etablissements/${otherUai}"`));
    assert.equal((await h.get(concrete('/etablissements/:uai', otherUai, viewB), 'ab')).status, 200);
    assert.doesNotMatch(
      (await h.get(concrete('/etablissements/:uai', uai, viewA), 'a')).text,
      /Changer d’établissement/,
    );
  });
});
