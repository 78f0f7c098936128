import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  parseSubscriptionXml,
  renderSubscriptionList,
  renderSubscriptionXml,
  renderWsError,
  wsabonnementNamespace,
  type SubscriptionInput,
} from '../../../src/subscriptions/index.js';
import { readSmallXmlDocument } from '../../../src/trust/index.js';
import { subscriptionInput } from './subscription-arbitrary.js';
import { wireFailure } from './wire-failure.js';

const fixture = (name: string): Buffer => readFileSync(join(import.meta.dirname, '../../fixtures/wsabonnement', name));

describe('renderSubscriptionXml', () => {
  it('round trip: parse(render(x)) deep-equals x for any valid create', () => {
    fc.assert(
      fc.property(subscriptionInput('create'), (input) => {
        assert.deepEqual(
          parseSubscriptionXml(renderSubscriptionXml(input), { mode: 'create', idInPath: input.idAbonnement }),
          input,
        );
      }),
      { numRuns: 300 },
    );
  });

  it('round trip: parse(render(x)) deep-equals x for any valid update (no uaiEtab)', () => {
    fc.assert(
      fc.property(subscriptionInput('update'), (input) => {
        assert.deepEqual(parseSubscriptionXml(renderSubscriptionXml(input), { mode: 'update' }), input);
      }),
      { numRuns: 200 },
    );
  });

  it('writes the fixtures back to equal values (render(parse(body)) reads as parse(body))', () => {
    for (const name of ['valid.create-per-audience-counts.xml', 'valid.create-global-illimite-school-year.xml']) {
      const input = parseSubscriptionXml(fixture(name), { mode: 'create' });
      assert.deepEqual(parseSubscriptionXml(renderSubscriptionXml(input), { mode: 'create' }), input);
    }
  });

  it('escapes markup and keeps CR and LF as character references', () => {
    const input = parseSubscriptionXml(fixture('valid.create-global-illimite-school-year.xml'), { mode: 'create' });
    const xml = renderSubscriptionXml({ ...input, libelleRessource: 'a<b>&]]>\r\nc' });
    assert.ok(xml.includes('<libelleRessource>a&lt;b&gt;&amp;]]&gt;&#xD;&#xA;c</libelleRessource>'));
  });

  it('refuses to write a character XML cannot carry → ERR_WS_XML_UNREPRESENTABLE (500)', () => {
    const input = parseSubscriptionXml(fixture('valid.create-global-illimite-school-year.xml'), { mode: 'create' });
    const failure = wireFailure(() => renderSubscriptionXml({ ...input, libelleRessource: 'bell\u0007' }));
    assert.deepEqual([failure.code, failure.status], ['ERR_WS_XML_UNREPRESENTABLE', 500]);
  });
});

describe('renderSubscriptionList', () => {
  it(
    'writes <abonnements> in the namespace with one <abonnement> per item, '
      + 'each as renderSubscriptionXml writes it',
    () => {
      const items: SubscriptionInput[] = [
        parseSubscriptionXml(fixture('valid.create-per-audience-counts.xml'), { mode: 'create' }),
        parseSubscriptionXml(fixture('valid.create-global-illimite-school-year.xml'), { mode: 'create' }),
      ];
      const root = readSmallXmlDocument(renderSubscriptionList(items));
      assert.deepEqual(
        [root.name, root.ns, root.children.map((c) => `${c.ns}|${c.name}`)],
        ['abonnements', wsabonnementNamespace, items.map(() => `${wsabonnementNamespace}|abonnement`)],
      );
      for (const [i, item] of items.entries()) {
        const single = readSmallXmlDocument(renderSubscriptionXml(item));
        const strip = ({ children, name, ns, text }: typeof single): unknown => ({
          name,
          ns,
          text,
          children: children.map(strip),
        });
        assert.deepEqual(strip(root.children[i] as typeof single), strip(single));
      }
    },
  );

  it('writes an empty list', () => {
    const root = readSmallXmlDocument(renderSubscriptionList([]));
    assert.deepEqual([root.name, root.children.length], ['abonnements', 0]);
  });
});

describe('renderWsError', () => {
  it('writes <Erreur><Code/><Message/></Erreur>, escaped, and never fails on odd characters', () => {
    const root = readSmallXmlDocument(renderWsError('ERR_WS_ID_MISMATCH', 'id <x> & "y" \u0000'));
    assert.deepEqual(
      [root.name, root.ns, root.children.map((c) => [c.name, c.text])],
      [
        'Erreur',
        '',
        [
          ['Code', 'ERR_WS_ID_MISMATCH'],
          ['Message', 'id <x> & "y" \uFFFD'],
        ],
      ],
    );
  });
});
