/**
 * Contract review (gar-reference §3): the submitted version against the approved one, attribute
 * by attribute; approval makes it effective; a rejection needs a reason and keeps it; a form
 * without this browser's CSRF token changes nothing; each change has its audit row with actor
 * `console:operator:<login>`.
 */
import assert from 'node:assert/strict';
import { createContractStore } from '../../../src/store/index.js';
import type { ContractStore } from '../../../src/attribute-filter/index.js';
import { describeEachDialect } from '../../support/each-dialect.js';
import {
  catalogue,
  contractAudit,
  contractDocument,
  contractPath,
  maths,
  operatorHarness,
  operatorSnapshot,
  pageCode,
  type OperatorHarness,
} from './operator-harness.js';

/** The attributes a review section marks as added or removed. */
function marked(html: string, version: number, kind: 'added' | 'removed'): string[] {
  const section = new RegExp(`data-pending="${version}">([\\s\\S]*?)</section>`).exec(html)?.[1] ?? '';
  return [...section.matchAll(new RegExp(`<li data-diff="${kind}">[\\s\\S]*?<code>([A-Z_0-9]+)</code>`, 'g'))].map(
    (m) => m[1] as string,
  );
}

describeEachDialect('operator pages: contracts', (dialect) => {
  let h: OperatorHarness;
  let contracts: ContractStore;
  beforeEach(async () => {
    h = await operatorHarness(dialect);
    contracts = createContractStore(h.store);
    await contracts.submitContract(contractDocument(1, ['NOM', 'PRE', 'DIV']), contractAudit(1));
    await contracts.approveContract(maths, 1, contractAudit(2, 'cli:operateur'));
    await contracts.submitContract(
      {
        ...contractDocument(2, ['NOM', 'DIV', 'P_MAT', 'E_MS4']),
        justifications: { P_MAT: 'Adapter les exercices <b>à la matière</b>.' },
      },
      contractAudit(3),
    );
  });
  afterEach(async () => {
    await h.close();
  });

  const auditRows = () =>
    h.store.db
      .selectFrom('audit_event')
      .selectAll()
      .where('action', 'like', 'contract.%')
      .where('actor', 'like', 'console:%')
      .orderBy('id')
      .execute();

  it('lists the resources with a version waiting first, and links to the review', async () => {
    await contracts.submitContract(contractDocument(1, ['NOM'], catalogue[1]!.idRessource), contractAudit(4));
    await contracts.approveContract(catalogue[1]!.idRessource, 1, contractAudit(5));
    const res = await h.get('/console/operateur/contrats');
    assert.equal(res.status, 200);
    const order = [...res.text.matchAll(/<tr data-contract="([^"]+)">/g)].map((m) => m[1]);
    assert.deepEqual(order, [maths, catalogue[1]!.idRessource]);
    assert.ok(res.text.includes(`href="${contractPath(maths)}"`));
    assert.match(res.text, /1 ressource\(s\) attendent votre décision/);
  });

  it(
    'shows the submitted version against the approved one: '
      + 'added and removed attributes, purpose, reasons (escaped)',
    async () => {
      const res = await h.get(contractPath(maths));
      assert.equal(res.status, 200);
      assert.deepEqual(marked(res.text, 2, 'added'), ['E_MS4', 'P_MAT']);
      assert.deepEqual(marked(res.text, 2, 'removed'), ['PRE']);
      assert.match(res.text, /<ins><strong>\+ ajouté :<\/strong> <code>P_MAT<\/code><\/ins>/);
      assert.match(res.text, /<del><strong>− retiré :<\/strong> <code>PRE<\/code><\/del>/);
      assert.ok(res.text.includes('Suivre les exercices de l’élève (version 2).'));
      assert.ok(res.text.includes('Adapter les exercices &lt;b&gt;à la matière&lt;/b&gt;.'));
      assert.match(res.text, /Version 1, approuvée le .* par cli:operateur\./);
      const english = await h.get(contractPath(maths), 'operator', 'en');
      assert.match(english.text, /<ins><strong>\+ added:<\/strong> <code>P_MAT<\/code><\/ins>/);
      assert.match(english.text, /<html lang="en">/);
    },
  );

  it('approves: the version takes effect, the older one is superseded, one audit row names the operator', async () => {
    const res = await h.post(`${contractPath(maths)}/approuver`, { version: '2' });
    assert.equal(res.status, 303);
    assert.equal(res.headers['location'], `${contractPath(maths)}?fait=approuvee&version=2`);
    const effective = await contracts.effectiveContract(maths);
    assert.equal(effective?.document.version, 2);
    assert.equal(effective?.decidedBy, 'console:operator:alice');
    assert.deepEqual(
      (await contracts.listContracts(maths)).map((v) => v.status),
      ['superseded', 'approved'],
    );
    const rows = await auditRows();
    assert.deepEqual(
      rows.map((r) => [r.action, r.actor, r.target]),
      [['contract.approve', 'console:operator:alice', `contract:${maths}/v2`]],
    );
    assert.ok(rows[0]?.correlation_id, "the request's correlation id is kept");
    const page = await h.get(res.headers['location'] as string);
    assert.match(page.text, /Version 2 approuvée : elle est désormais en vigueur\./);
  });

  it('rejects with a reason that is kept; the approved version stays in effect', async () => {
    const res = await h.post(`${contractPath(maths)}/refuser`, {
      version: '2',
      motif: '  E_MS4 n’est pas justifié.  ',
    });
    assert.equal(res.status, 303);
    const versions = await contracts.listContracts(maths);
    assert.deepEqual(
      versions.map((v) => v.status),
      ['approved', 'rejected'],
    );
    assert.equal(versions[1]?.reason, 'E_MS4 n’est pas justifié.');
    assert.equal(versions[1]?.decidedBy, 'console:operator:alice');
    assert.equal((await contracts.effectiveContract(maths))?.document.version, 1);
    assert.deepEqual(
      (await auditRows()).map((r) => [r.action, r.actor]),
      [['contract.reject', 'console:operator:alice']],
    );
    const page = await h.get(contractPath(maths));
    assert.match(
      page.text,
      /<tr data-version="2" data-status="rejected">[\s\S]*?<td data-reason>E_MS4 n’est pas justifié\.<\/td>/,
    );
  });

  it('refuses a rejection with no reason (400 ERR_CONSOLE_FORM_INVALID), keeps the page, changes nothing', async () => {
    for (const motif of [undefined, '', '   ']) {
      const before = await operatorSnapshot(h.store);
      const res = await h.post(
        `${contractPath(maths)}/refuser`,
        motif === undefined ? { version: '2' } : { version: '2', motif },
      );
      assert.equal(res.status, 400);
      assert.equal(pageCode(res.text), 'ERR_CONSOLE_FORM_INVALID');
      assert.match(res.text, /Indiquez le motif du refus\./);
      assert.match(res.text, /data-pending="2"/, 'the review is still there');
      assert.equal(await operatorSnapshot(h.store), before);
    }
    const long = await h.post(`${contractPath(maths)}/refuser`, { version: '2', motif: 'x'.repeat(2001) });
    assert.equal(long.status, 400);
    assert.equal(pageCode(long.text), 'ERR_CONSOLE_FORM_INVALID');
    assert.match(long.text, /Le motif dépasse 2 000 caractères\./);
    assert.ok(long.text.includes(`>${'x'.repeat(2001)}</textarea>`), 'what was typed is kept');
  });

  it("a form without the CSRF token, or with another browser's, changes nothing (403 ERR_CONSOLE_CSRF)", async () => {
    for (const csrf of [null, 'x'.repeat(43)]) {
      for (const [path, form] of [
        ['approuver', { version: '2' }],
        ['refuser', { version: '2', motif: 'Non.' }],
      ] as const) {
        const before = await operatorSnapshot(h.store);
        const res = await h.post(`${contractPath(maths)}/${path}`, form, 'operator', csrf);
        assert.equal(res.status, 403);
        assert.equal(pageCode(res.text), 'ERR_CONSOLE_CSRF');
        assert.equal(await operatorSnapshot(h.store), before);
      }
    }
    assert.equal((await contracts.effectiveContract(maths))?.document.version, 1);
  });

  it('a decision already taken, or a nonexistent version, is refused in the page and changes nothing', async () => {
    await h.post(`${contractPath(maths)}/approuver`, { version: '2' });
    const before = await operatorSnapshot(h.store);
    const again = await h.post(`${contractPath(maths)}/refuser`, { version: '2', motif: 'Trop tard.' });
    assert.equal(again.status, 409);
    assert.equal(pageCode(again.text), 'ERR_CONTRACT_STATE');
    const missing = await h.post(`${contractPath(maths)}/approuver`, { version: '9' });
    assert.equal(missing.status, 404);
    assert.equal(pageCode(missing.text), 'ERR_CONTRACT_UNKNOWN');
    const invalid = await h.post(`${contractPath(maths)}/approuver`, { version: 'deux' });
    assert.equal(invalid.status, 400);
    assert.equal(pageCode(invalid.text), 'ERR_CONSOLE_FORM_INVALID');
    assert.equal(await operatorSnapshot(h.store), before);
  });

  it('an unknown resource is 404 on the page and on a decision', async () => {
    const page = await h.get(contractPath('ark:/99999/inconnue'));
    assert.equal(page.status, 404);
    const before = await operatorSnapshot(h.store);
    const res = await h.post(`${contractPath('ark:/99999/inconnue')}/approuver`, { version: '1' });
    assert.equal(res.status, 404);
    assert.equal(pageCode(res.text), 'ERR_CONTRACT_RESOURCE_UNKNOWN');
    assert.equal(await operatorSnapshot(h.store), before);
  });
});
