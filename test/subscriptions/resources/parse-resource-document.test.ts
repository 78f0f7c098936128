import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { isBrokerError } from '../../../src/core/broker-error.js';
import {
  maxResourceDocumentBytes,
  parseResourceDocument,
  type ResourceDescription,
} from '../../../src/subscriptions/index.js';

const fixtures = join(import.meta.dirname, '../../fixtures/resources');
const fixture = (name: string): string => readFileSync(join(fixtures, name), 'utf8');

interface Failure {
  readonly code: string;
  readonly pointers: readonly string[];
  readonly message: string;
}

/** The code of the error a parse throws, and the JSON pointers its log-only detail lists. */
function failure(text: string, mode: 'one' | 'many'): Failure {
  try {
    parseResourceDocument(text, mode);
  } catch (error) {
    if (!isBrokerError(error)) throw error;
    return {
      code: error.code,
      pointers: error.code === 'ERR_RESOURCE_INVALID' ? (error.detail ?? '').split(' ') : [],
      message: error.message,
    };
  }
  throw new Error('expected a BrokerError');
}

type Expected = { readonly count: number } | { readonly code: string; readonly pointers?: readonly string[] };

/** fixture → outcome; also documented in test/fixtures/resources/README.md. */
const table: Readonly<Record<string, { readonly mode: 'one' | 'many' } & Expected>> = {
  'valid.one.json': { mode: 'one', count: 1 },
  'valid.catalogue.json': { mode: 'many', count: 4 },
  'invalid.http-access-url.json': { mode: 'one', code: 'ERR_RESOURCE_INVALID', pointers: ['/urlAccesRessource'] },
  'invalid.unknown-field.json': { mode: 'one', code: 'ERR_RESOURCE_INVALID', pointers: ['/prix'] },
  'invalid.bad-distributor-id.json': { mode: 'one', code: 'ERR_RESOURCE_INVALID', pointers: ['/distributeurCom/id'] },
  'invalid.duplicate-id.json': { mode: 'many', code: 'ERR_RESOURCE_INVALID', pointers: ['/ressources/2/idRessource'] },
  'invalid.not-json.json': { mode: 'one', code: 'ERR_RESOURCE_JSON' },
  'invalid.several-faults.json': {
    mode: 'many',
    code: 'ERR_RESOURCE_INVALID',
    pointers: [
      '/ressources/0/idRessource',
      '/ressources/1/typeIdRessource',
      '/ressources/1/urlVignette',
      '/ressources/2/niveauEducatif/1/uri',
      '/ressources/2/typePresentation/code',
      '/ressources/3/distributeurCom/nom',
      '/ressources/3/domaineEnseignement/0/nom',
      '/ressources/3/domaineEnseignement/0/uri',
    ],
  },
};

const base = JSON.parse(fixture('valid.one.json')) as ResourceDescription;
const one = (changes: Record<string, unknown>): string => JSON.stringify({ ...base, ...changes });
const term = (n: number) => ({
  uri: `http://data.education.fr/voc/scolomfr/concept/scolomfr-voc-022-num-${n}`,
  nom: `niveau ${n}`,
});

describe('parseResourceDocument', () => {
  it('every fixture has a row in the table', () => {
    assert.deepEqual(
      readdirSync(fixtures)
        .filter((n) => n.endsWith('.json'))
        .sort(),
      Object.keys(table).sort(),
    );
  });

  for (const [name, expected] of Object.entries(table)) {
    it(`${name} (${expected.mode}) → ${'count' in expected ? `${expected.count} resource(s)` : expected.code}`, () => {
      if ('count' in expected) {
        assert.equal(parseResourceDocument(fixture(name), expected.mode).length, expected.count);
        return;
      }
      const got = failure(fixture(name), expected.mode);
      assert.equal(got.code, expected.code);
      if (expected.pointers) assert.deepEqual(got.pointers, expected.pointers);
    });
  }

  it("gives back the document's values unchanged", () => {
    assert.deepEqual(parseResourceDocument(fixture('valid.one.json'), 'one'), [base]);
    const catalogue = JSON.parse(fixture('valid.catalogue.json')) as { ressources: ResourceDescription[] };
    assert.deepEqual(parseResourceDocument(JSON.stringify(catalogue.ressources), 'many'), catalogue.ressources);
  });

  const cases: readonly {
    readonly title: string;
    readonly text: string;
    readonly mode: 'one' | 'many';
    readonly pointers: readonly string[];
  }[] = [
    {
      title: 'http to localhost is allowed (demos)',
      text: one({ urlAccesRessource: 'http://localhost:8080/demo', urlVignette: 'http://127.0.0.1/v.png' }),
      mode: 'one',
      pointers: [],
    },
    {
      title: 'http to a look-alike of localhost is not',
      text: one({ urlAccesRessource: 'http://localhost.evil.example/' }),
      mode: 'one',
      pointers: ['/urlAccesRessource'],
    },
    {
      title: 'an OIDC client id is a service provider',
      text: one({ fournisseurService: 'client-42' }),
      mode: 'one',
      pointers: [],
    },
    {
      title: 'a service provider with a space is not',
      text: one({ fournisseurService: 'client 42' }),
      mode: 'one',
      pointers: ['/fournisseurService'],
    },
    {
      title: 'an ark id must look like ark:/NAAN/name',
      text: one({ idRessource: 'r6e2m4t81' }),
      mode: 'one',
      pointers: ['/idRessource'],
    },
    {
      title: 'another id type takes any id without spaces',
      text: one({ idRessource: 'urn:isbn:9782091719818', typeIdRessource: 'isbn' }),
      mode: 'one',
      pointers: [],
    },
    { title: 'a blank name is refused', text: one({ nomRessource: '   ' }), mode: 'one', pointers: ['/nomRessource'] },
    {
      title: 'a name of 256 characters is refused',
      text: one({ nomRessource: 'x'.repeat(256) }),
      mode: 'one',
      pointers: ['/nomRessource'],
    },
    {
      title: 'more than 100 levels are refused',
      text: one({ niveauEducatif: Array.from({ length: 101 }, (_, i) => term(i)) }),
      mode: 'one',
      pointers: ['/niveauEducatif'],
    },
    {
      title: 'a repeated subject URI is refused',
      text: one({ domaineEnseignement: [term(1), term(2), term(1)] }),
      mode: 'one',
      pointers: ['/domaineEnseignement/2/uri'],
    },
    {
      title: 'a repeated educational-type URI is refused',
      text: one({ typePedagogique: [term(1), term(1)] }),
      mode: 'one',
      pointers: ['/typePedagogique/1/uri'],
    },
    {
      title: 'a repeated document-type URI is refused',
      text: one({ typologieDocument: [term(3), term(2), term(3)] }),
      mode: 'one',
      pointers: ['/typologieDocument/2/uri'],
    },
    {
      title: 'one distributor may be both commercial and technical',
      text: one({ distributeurTech: base.distributeurCom }),
      mode: 'one',
      pointers: [],
    },
    {
      title: '…under one name only',
      text: one({ distributeurTech: { ...base.distributeurCom, nom: 'Autre' } }),
      mode: 'one',
      pointers: ['/distributeurTech/nom'],
    },
    {
      title: 'a missing field is named by its pointer',
      text: JSON.stringify({ ...base, urlAccesRessource: undefined }),
      mode: 'one',
      pointers: ['/urlAccesRessource'],
    },
    {
      title: 'a field name with / is escaped in the pointer',
      text: one({ 'a/b~c': 1 }),
      mode: 'one',
      pointers: ['/a~1b~0c'],
    },
    { title: 'add takes one object, not an array', text: `[${one({})}]`, mode: 'one', pointers: [''] },
    { title: 'import takes an array', text: `[${one({})}]`, mode: 'many', pointers: [] },
    {
      title: 'import of an object needs "ressources"',
      text: '{ "ressource": [] }',
      mode: 'many',
      pointers: ['/ressource', '/ressources'],
    },
    {
      title: 'the publisher keeps one name across resources',
      text:
        `[${one({})}, `
        + `${one({ idRessource: 'ark:/86527/autre', editeur: { id: base.editeur.id, nom: 'Lumière' } })}]`,
      mode: 'many',
      pointers: ['/1/editeur/nom'],
    },
    { title: 'a byte order mark is ignored', text: `\uFEFF${one({})}`, mode: 'one', pointers: [] },
  ];
  for (const c of cases) {
    it(c.title, () => {
      if (c.pointers.length === 0) {
        assert.equal(
          parseResourceDocument(c.text, c.mode).length,
          c.mode === 'one' ? 1 : JSON.parse(c.text.replace('\uFEFF', '')).length,
        );
        return;
      }
      const got = failure(c.text, c.mode);
      assert.equal(got.code, 'ERR_RESOURCE_INVALID');
      assert.deepEqual(new Set(got.pointers), new Set(c.pointers));
    });
  }

  it('lists at most 50 problems in its message, and counts the others', () => {
    const many = Array.from({ length: 60 }, (_, i) => ({
      ...base,
      idRessource: `ark:/86527/r${i}`,
      urlAccesRessource: 'ftp://x',
    }));
    const got = failure(JSON.stringify(many), 'many');
    assert.equal(got.code, 'ERR_RESOURCE_INVALID');
    assert.equal(got.pointers.length, 60);
    assert.equal(got.message.split('\n').filter((line) => line.startsWith('- /')).length, 50);
    assert.match(got.message, /\b10 autres\b/);
  });

  it('refuses a document over 16 MiB before parsing it', () => {
    assert.equal(failure(' '.repeat(maxResourceDocumentBytes + 1), 'many').code, 'ERR_RESOURCE_TOO_LARGE');
  });

  it('any JSON value is either accepted or refused with a coded error, never a crash', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom('one' as const, 'many' as const), (value, mode) => {
        try {
          parseResourceDocument(JSON.stringify(value) ?? 'null', mode);
        } catch (error) {
          assert.ok(isBrokerError(error) && error.code === 'ERR_RESOURCE_INVALID', String(error));
        }
      }),
      { numRuns: 300 },
    );
  });
});
