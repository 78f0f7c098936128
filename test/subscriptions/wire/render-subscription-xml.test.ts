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

const paris = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Paris',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** Whether French legal time ever shows this local time (ICU's answer: it is 1 or 2 hours ahead of UTC). */
const happens = (local: string): boolean =>
  [1, 2].some(
    (h) => paris.format(Date.parse(`${local.slice(0, 19)}Z`) - h * 3_600_000).replace(' ', 'T') === local.slice(0, 19),
  );

/** What GAR's form keeps of a local date-time: the millisecond, trailing zeros dropped as the reader drops them. */
function toTheMillisecond(local: string): string {
  const [seconds = '', fraction = ''] = local.split('.');
  const kept = fraction.slice(0, 3).replace(/0+$/, '');
  return kept === '' ? seconds : `${seconds}.${kept}`;
}

function datesToTheMillisecond(input: SubscriptionInput): SubscriptionInput {
  const { fin } = input;
  return {
    ...input,
    debutValidite: toTheMillisecond(input.debutValidite),
    fin: fin.kind === 'date' ? { ...fin, finValidite: toTheMillisecond(fin.finValidite) } : fin,
  };
}

const datesHappen = (input: SubscriptionInput): boolean =>
  happens(input.debutValidite) && (input.fin.kind === 'schoolYear' || happens(input.fin.finValidite));

describe('renderSubscriptionXml', () => {
  for (const mode of ['create', 'update'] as const) {
    it(`round trip: parse(render(x)) deep-equals x, dates to the millisecond, for any valid ${mode}`, () => {
      fc.assert(
        fc.property(subscriptionInput(mode), (input) => {
          fc.pre(datesHappen(input));
          assert.deepEqual(parseSubscriptionXml(renderSubscriptionXml(input), { mode }), datesToTheMillisecond(input));
        }),
        { numRuns: mode === 'create' ? 300 : 200 },
      );
    });
  }

  it('what a client posts back from an answer is written again as it was: render(parse(render(x))) = render(x)', () => {
    fc.assert(
      fc.property(subscriptionInput('create'), (input) => {
        const once = renderSubscriptionXml(input);
        assert.equal(renderSubscriptionXml(parseSubscriptionXml(once, { mode: 'create' })), once);
      }),
      { numRuns: 300 },
    );
  });

  it("writes dates in GAR's form: milliseconds and the Paris offset of that day (summer +02:00, winter +01:00)", () => {
    const input = parseSubscriptionXml(fixture('valid.create-per-audience-counts.xml'), { mode: 'create' });
    const xml = renderSubscriptionXml({
      ...input,
      debutValidite: '2025-12-01T08:15:30.123456',
      fin: { kind: 'date', finValidite: '2026-08-15T00:00:00' },
    });
    assert.ok(xml.includes('<debutValidite>2025-12-01T08:15:30.123+01:00</debutValidite>'), xml);
    assert.ok(xml.includes('<finValidite>2026-08-15T00:00:00.000+02:00</finValidite>'), xml);
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

  it('says where a page starts and how many there are as attributes, so that every child is an <abonnement>', () => {
    const item = parseSubscriptionXml(fixture('valid.create-per-audience-counts.xml'), { mode: 'create' });
    const xml = renderSubscriptionList([item, item], { debut: 1, total: 5 });
    assert.match(xml, /<abonnements xmlns="[^"]+" debut="1" fin="3" total="5">/);
    const root = readSmallXmlDocument(xml);
    assert.deepEqual(
      root.children.map((c) => c.name),
      ['abonnement', 'abonnement'],
    );
    assert.match(renderSubscriptionList([], { debut: 7, total: 5 }), /debut="7" fin="7" total="5"/);
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
