/**
 * Default deny on every operator route (docs/architecture "default deny"): a licence manager gets
 * 403 ERR_CONSOLE_FORBIDDEN, an anonymous visitor is sent to log in (GET) or refused (POST: 401
 * with the CSRF pair, 403 ERR_CONSOLE_CSRF without), and nothing changes: contract versions,
 * certificates and the audit trail are compared before and after. The table of routes is the
 * module's own, so a route added later is covered.
 */
import assert from 'node:assert/strict';
import { operatorRoutes } from '../../../src/console/index.js';
import { createContractStore, createPartnerCertificateStore } from '../../../src/store/index.js';
import { describeEachDialect } from '../../support/each-dialect.js';
import { entId } from '../../support/licensing-fixtures.js';
import {
  contractAudit,
  contractDocument,
  maths,
  operatorHarness,
  operatorSnapshot,
  pageCode,
  type OperatorHarness,
  type Who,
} from './operator-harness.js';

const fingerprint = 'ab'.repeat(32);

/** The route with its parameters filled in. */
function concrete(pattern: string): string {
  return `/console${pattern}`
    .replace(':entId', encodeURIComponent(entId))
    .replace(':fingerprint', fingerprint)
    .replace(':idRessource', encodeURIComponent(maths));
}

/** A form the route would act on if it were allowed (so a missing guard would show as a change). */
function formFor(pattern: string): Record<string, string> {
  if (pattern.endsWith('/approuver')) return { version: '2' };
  if (pattern.endsWith('/refuser')) return { version: '2', motif: 'Données non justifiées.' };
  return {};
}

describeEachDialect('operator pages: rights', (dialect) => {
  let h: OperatorHarness;
  before(async () => {
    h = await operatorHarness(dialect);
    const contracts = createContractStore(h.store);
    await contracts.submitContract(contractDocument(1, ['NOM']), contractAudit(1));
    await contracts.approveContract(maths, 1, contractAudit(2, 'cli:operateur'));
    await contracts.submitContract(contractDocument(2, ['NOM', 'PRE']), contractAudit(3));
    await createPartnerCertificateStore(h.store).addCertificate(
      {
        fingerprint,
        partnerKind: 'distributor',
        partnerId: '552081317_0000000000000001',
        origin: 'registered',
        subject: 'CN=Lumière Diffusion',
        serial: '01',
        notBefore: '2025-01-01T00:00:00.000Z',
        notAfter: '2027-01-01T00:00:00.000Z',
        createdAt: '2025-01-01T00:00:00.000Z',
        revokedAt: null,
      },
      'Lumière Diffusion',
      'cli:setup',
    );
  });
  after(async () => {
    await h.close();
  });

  async function unchanged(send: () => Promise<{ status: number; text: string; headers: Record<string, string> }>) {
    const before = await operatorSnapshot(h.store);
    const res = await send();
    assert.equal(await operatorSnapshot(h.store), before, 'nothing changed');
    return res;
  }

  const send = (method: 'get' | 'post', pattern: string, who: Who, csrf?: null) =>
    method === 'get' ? h.get(concrete(pattern), who) : h.post(concrete(pattern), formFor(pattern), who, csrf);

  it('covers every section of the issue', () => {
    const paths = operatorRoutes.map(([, path]) => path);
    for (const section of ['ent', 'partenaires', 'ressources', 'contrats', 'abonnements', 'cles', 'journal']) {
      assert.ok(paths.includes(`/operateur/${section}`), section);
    }
  });

  for (const [method, pattern] of operatorRoutes) {
    const name = `${method.toUpperCase()} ${pattern}`;

    it(`${name}: a licence manager gets 403 ERR_CONSOLE_FORBIDDEN and nothing changes`, async () => {
      const res = await unchanged(() => send(method, pattern, 'manager'));
      assert.equal(res.status, 403);
      assert.equal(pageCode(res.text), 'ERR_CONSOLE_FORBIDDEN');
    });

    it(`${name}: an anonymous visitor is sent to log in or refused, and nothing changes`, async () => {
      const res = await unchanged(() => send(method, pattern, 'anonymous'));
      if (method === 'get') {
        assert.equal(res.status, 303);
        assert.equal(res.headers['location'], '/console/connexion');
        return;
      }
      assert.equal(res.status, 401);
      assert.equal(pageCode(res.text), 'ERR_CONSOLE_LOGIN_REQUIRED');
      const forged = await unchanged(() => send(method, pattern, 'anonymous', null));
      assert.equal(forged.status, 403);
      assert.equal(pageCode(forged.text), 'ERR_CONSOLE_CSRF');
    });

    if (method === 'get') {
      it(`${name}: the operator gets the page`, async () => {
        const res = await unchanged(() => send(method, pattern, 'operator'));
        assert.equal(res.status, 200, res.text.slice(0, 500));
        assert.match(res.headers['content-type'] ?? '', /text\/html/);
        assert.doesNotMatch(res.text, /PRIVATE KEY/);
      });
    }
  }

  it('the operator home lists every section', async () => {
    const res = await h.get('/console/operateur/');
    assert.equal(res.status, 200);
    for (const section of ['ent', 'partenaires', 'ressources', 'contrats', 'abonnements', 'cles', 'journal']) {
      assert.ok(res.text.includes(`href="/console/operateur/${section}"`), section);
    }
  });
});
