import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { isBrokerError } from '../../src/core/broker-error.js';
import {
  alwaysReleased,
  attributeCodes,
  maxContractDocumentBytes,
  parseContractDocument,
  requestableCodes,
} from '../../src/attribute-filter/index.js';

const fixtures = join(import.meta.dirname, '../fixtures/contracts');
const fixture = (name: string): string => readFileSync(join(fixtures, name), 'utf8');

/** The code a parse throws, and the JSON pointers its log-only detail lists. */
function failure(text: string): { readonly code: string; readonly pointers: readonly string[] } {
  try {
    parseContractDocument(text);
  } catch (error) {
    if (!isBrokerError(error)) throw error;
    return { code: error.code, pointers: error.code === 'ERR_CONTRACT_INVALID' ? (error.detail ?? '').split(' ') : [] };
  }
  throw new Error('expected a BrokerError');
}

/** fixture → outcome; also documented in test/fixtures/contracts/README.md. */
const table: Readonly<Record<string, 'valid' | { readonly code: string; readonly pointers?: readonly string[] }>> = {
  'valid.identity-and-classes.json': 'valid',
  'valid.no-attributes.json': 'valid',
  'valid.every-attribute.json': 'valid',
  'invalid.unknown-attribute.json': { code: 'ERR_CONTRACT_INVALID', pointers: ['/attributs/1'] },
  'invalid.duplicate-attribute.json': { code: 'ERR_CONTRACT_INVALID', pointers: ['/attributs/2'] },
  'invalid.ido-requested.json': { code: 'ERR_CONTRACT_INVALID', pointers: ['/attributs/0'] },
  'invalid.version-zero.json': { code: 'ERR_CONTRACT_INVALID', pointers: ['/version'] },
  'invalid.missing-purpose.json': { code: 'ERR_CONTRACT_INVALID', pointers: ['/finalite'] },
  'invalid.extra-field.json': { code: 'ERR_CONTRACT_INVALID', pointers: ['/dureeConservation'] },
  'invalid.justification-unrequested.json': { code: 'ERR_CONTRACT_INVALID', pointers: ['/justifications/P_MEL'] },
  'invalid.not-ark-id.json': { code: 'ERR_CONTRACT_INVALID', pointers: ['/idRessource'] },
  'invalid.not-json.json': { code: 'ERR_CONTRACT_JSON' },
  'invalid.several-faults.json': {
    code: 'ERR_CONTRACT_INVALID',
    pointers: ['/attributs/1', '/attributs/2', '/attributs/3', '/finalite', '/justifications/PRE', '/version'],
  },
};

const base = JSON.parse(fixture('valid.identity-and-classes.json')) as Record<string, unknown>;
const withChanges = (changes: Record<string, unknown>): string => JSON.stringify({ ...base, ...changes });

describe('parseContractDocument', () => {
  it('every fixture has a row in the table', () => {
    assert.deepEqual(
      readdirSync(fixtures)
        .filter((n) => n.endsWith('.json'))
        .sort(),
      Object.keys(table).sort(),
    );
  });

  for (const [name, expected] of Object.entries(table)) {
    it(`${name} → ${expected === 'valid' ? 'valid' : expected.code}`, () => {
      if (expected === 'valid') {
        assert.deepEqual(parseContractDocument(fixture(name)), JSON.parse(fixture(name)));
        return;
      }
      const got = failure(fixture(name));
      assert.equal(got.code, expected.code);
      if (expected.pointers) assert.deepEqual(got.pointers, expected.pointers);
    });
  }

  const cases: readonly { readonly title: string; readonly text: string; readonly pointers: readonly string[] }[] = [
    {
      title: 'a purpose of exactly 10 characters is enough',
      text: withChanges({ finalite: 'x'.repeat(10) }),
      pointers: [],
    },
    {
      title: 'a purpose of 2,001 characters is too long',
      text: withChanges({ finalite: 'x'.repeat(2001) }),
      pointers: ['/finalite'],
    },
    { title: 'a blank purpose is refused', text: withChanges({ finalite: ' '.repeat(20) }), pointers: ['/finalite'] },
    { title: 'a version given as text is refused', text: withChanges({ version: '2' }), pointers: ['/version'] },
    {
      title: 'UAI and PRO cannot be requested either',
      text: withChanges({ attributs: ['UAI', 'PRO'], justifications: undefined }),
      pointers: ['/attributs/0', '/attributs/1'],
    },
    {
      title: 'IDC and LRA can be requested',
      text: withChanges({ attributs: ['IDC', 'LRA'], justifications: {} }),
      pointers: [],
    },
    {
      title: 'a justification keyed by an unknown code is named at that key',
      text: withChanges({ justifications: { 'A/B': 'x' } }),
      pointers: ['/justifications/A~1B'],
    },
    { title: 'attributs must be an array', text: withChanges({ attributs: 'NOM' }), pointers: ['/attributs'] },
    { title: 'a byte order mark is ignored', text: `\uFEFF${withChanges({})}`, pointers: [] },
  ];
  for (const c of cases) {
    it(c.title, () => {
      if (c.pointers.length === 0) {
        assert.equal(parseContractDocument(c.text).idRessource, base['idRessource']);
        return;
      }
      const got = failure(c.text);
      assert.equal(got.code, 'ERR_CONTRACT_INVALID');
      assert.deepEqual(new Set(got.pointers), new Set(c.pointers));
    });
  }

  it('refuses a document over 64 KiB before parsing it', () => {
    assert.deepEqual(failure(' '.repeat(maxContractDocumentBytes + 1)), {
      code: 'ERR_CONTRACT_INVALID',
      pointers: [''],
    });
  });

  it('requestable codes are every §3 code but IDO, UAI, PRO', () => {
    assert.deepEqual([...requestableCodes, ...alwaysReleased].sort(), [...attributeCodes].sort());
    assert.ok(requestableCodes.includes('IDC') && requestableCodes.includes('LRA'));
  });

  it('any subset of codes is accepted exactly when it is a set of requestable codes', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...attributeCodes), { maxLength: 16 }), (codes) => {
        const ok =
          new Set(codes).size === codes.length
          && codes.every((c) => (requestableCodes as readonly string[]).includes(c));
        const text = withChanges({ attributs: codes, justifications: undefined });
        if (ok) assert.deepEqual(parseContractDocument(text).attributs, codes);
        else assert.equal(failure(text).code, 'ERR_CONTRACT_INVALID');
      }),
      { numRuns: 300 },
    );
  });

  it('any JSON value is either accepted or refused with a coded error, never a crash', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        try {
          parseContractDocument(JSON.stringify(value) ?? 'null');
        } catch (error) {
          assert.ok(isBrokerError(error) && error.code === 'ERR_CONTRACT_INVALID', String(error));
        }
      }),
      { numRuns: 300 },
    );
  });
});
