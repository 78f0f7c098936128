import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFiltersXml, parseSubscriptionXml } from '../../../src/subscriptions/index.js';
import { wireFailure } from './wire-failure.js';

const fixtures = join(import.meta.dirname, '../../fixtures/wsabonnement');

type Mode = 'create' | 'update' | 'list';
interface Expected {
  readonly mode: Mode;
  readonly outcome: 'valid' | string;
}

/** fixture → outcome; also documented in test/fixtures/wsabonnement/README.md. */
const table: Readonly<Record<string, Expected>> = {
  'valid.create-per-audience-counts.xml': { mode: 'create', outcome: 'valid' },
  'valid.create-global-illimite-school-year.xml': { mode: 'create', outcome: 'valid' },
  'valid.update-without-uai.xml': { mode: 'update', outcome: 'valid' },
  'valid.prefixed-namespace.xml': { mode: 'create', outcome: 'valid' },
  'valid.create-primary-school-two-counts.xml': { mode: 'create', outcome: 'valid' },
  'valid.create-dates-as-gar-lists-them.xml': { mode: 'create', outcome: 'valid' },
  'date.offset-malformed.xml': { mode: 'create', outcome: 'ERR_WS_VALUE_INVALID' },
  'count.none-at-all.xml': { mode: 'create', outcome: 'ERR_WS_ELEMENT_MISSING' },
  'update.with-uai.xml': { mode: 'update', outcome: 'ERR_WS_ELEMENT_FORBIDDEN' },
  'element.misordered.xml': { mode: 'create', outcome: 'ERR_WS_ELEMENT_ORDER' },
  'element.unknown.xml': { mode: 'create', outcome: 'ERR_WS_ELEMENT_UNKNOWN' },
  'element.duplicate-public-cible.xml': { mode: 'create', outcome: 'ERR_WS_ELEMENT_DUPLICATE' },
  'element.missing-uai-on-create.xml': { mode: 'create', outcome: 'ERR_WS_ELEMENT_MISSING' },
  'choice.fin-and-annee-fin.xml': { mode: 'create', outcome: 'ERR_WS_ELEMENT_CHOICE' },
  'choice.global-and-per-audience.xml': { mode: 'create', outcome: 'ERR_WS_ELEMENT_CHOICE' },
  'value.count-beaucoup.xml': { mode: 'create', outcome: 'ERR_WS_VALUE_INVALID' },
  'value.id-too-long.xml': { mode: 'create', outcome: 'ERR_WS_VALUE_TOO_LONG' },
  'value.id-with-space.xml': { mode: 'create', outcome: 'ERR_WS_VALUE_INVALID' },
  'value.several-faults.xml': { mode: 'create', outcome: 'ERR_WS_VALUE_INVALID' },
  'date.end-before-start.xml': { mode: 'create', outcome: 'ERR_WS_DATE_ORDER' },
  'date.not-a-real-date.xml': { mode: 'create', outcome: 'ERR_WS_VALUE_INVALID' },
  'xml.doctype-xxe.xml': { mode: 'create', outcome: 'ERR_WS_XML_DOCTYPE' },
  'xml.billion-laughs.xml': { mode: 'create', outcome: 'ERR_WS_XML_DOCTYPE' },
  'xml.malformed.xml': { mode: 'create', outcome: 'ERR_WS_XML_MALFORMED' },
  'namespace.wrong.xml': { mode: 'create', outcome: 'ERR_WS_NAMESPACE' },
  'namespace.child-in-other-namespace.xml': { mode: 'create', outcome: 'ERR_WS_NAMESPACE' },
  'root.list-instead-of-one.xml': { mode: 'create', outcome: 'ERR_WS_ROOT_UNKNOWN' },
  'filtres.valid-filters-and-sort.xml': { mode: 'list', outcome: 'valid' },
  'filtres.unknown-filter.xml': { mode: 'list', outcome: 'ERR_WS_FILTER_UNKNOWN' },
  'filtres.sort-before-filter.xml': { mode: 'list', outcome: 'ERR_WS_ELEMENT_ORDER' },
  'filtres.sort-order-invalid.xml': { mode: 'list', outcome: 'ERR_WS_SORT_INVALID' },
};

function parse(file: string, mode: Mode): unknown {
  const body = readFileSync(join(fixtures, file));
  return mode === 'list' ? parseFiltersXml(body) : parseSubscriptionXml(body, { mode });
}

describe('wsabonnement fixtures', () => {
  it('has an expectation for every fixture, and the README lists each', () => {
    const files = readdirSync(fixtures)
      .filter((f) => f.endsWith('.xml'))
      .sort();
    assert.deepEqual(files, Object.keys(table).sort());
    const readme = readFileSync(join(fixtures, 'README.md'), 'utf8');
    for (const file of files) assert.ok(readme.includes(`\`${file}\``), `README.md lists ${file}`);
  });

  for (const [file, { mode, outcome }] of Object.entries(table)) {
    it(`${file} (${mode}) → ${outcome}`, () => {
      if (outcome === 'valid') {
        parse(file, mode);
        return;
      }
      const failure = wireFailure(() => parse(file, mode));
      assert.equal(failure.code, outcome);
      assert.equal(failure.status, 400);
    });
  }

  it("valid.create-dates-as-gar-lists-them.xml reads as the base body: GAR's form names the same dates", () => {
    assert.deepEqual(
      parse('valid.create-dates-as-gar-lists-them.xml', 'create'),
      parse('valid.create-per-audience-counts.xml', 'create'),
    );
  });

  it('value.several-faults.xml lists all three faults in the detail, in grammar order', () => {
    const failure = wireFailure(() => parse('value.several-faults.xml', 'create'));
    assert.deepEqual(failure.detailCodes, ['ERR_WS_VALUE_INVALID', 'ERR_WS_ELEMENT_MISSING', 'ERR_WS_VALUE_INVALID']);
  });
});
