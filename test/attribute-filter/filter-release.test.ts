import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  alwaysReleased,
  attributeCodes,
  filterRelease,
  requestableCodes,
  type AttributeCode,
  type EffectiveContract,
  type Release,
  type ReleaseContext,
  type ResolvedAttributes,
} from '../../src/attribute-filter/index.js';
import { thrownCode } from '../support/thrown-code.js';
import { approved, contractVersion, resourceId } from './contract-builders.js';

const context: ReleaseContext = { ido: 'ab'.repeat(64), uai: '0561534N', profile: 'National_elv' };
const pupil: ResolvedAttributes = {
  NOM: ['Dupont'],
  PRE: ['Léa'],
  CIV: ['Mme'],
  DIV: ['6A##6e A'],
  GRO: ['G-ANG1##Anglais groupe 1'],
  DIV_APP: ['G-ANG1||6A##6e A'],
  E_MS4: ['2111'],
  P_MEL: [],
};

function attributesOf(release: Release): Readonly<Partial<Record<AttributeCode, readonly string[]>>> {
  assert.equal(release.kind, 'release');
  return release.kind === 'release' ? release.attributes : {};
}

describe('filterRelease', () => {
  const cases: readonly {
    readonly title: string;
    readonly resolved: ResolvedAttributes;
    readonly contract: EffectiveContract;
    readonly expected: Record<string, readonly string[]>;
  }[] = [
    {
      title: 'an empty contract releases IDO, UAI, PRO only',
      resolved: pupil,
      contract: approved([]),
      expected: { IDO: [context.ido], UAI: ['0561534N'], PRO: ['National_elv'] },
    },
    {
      title: 'names and classes, as requested',
      resolved: pupil,
      contract: approved(['NOM', 'PRE', 'DIV']),
      expected: {
        IDO: [context.ido],
        UAI: ['0561534N'],
        PRO: ['National_elv'],
        NOM: ['Dupont'],
        PRE: ['Léa'],
        DIV: ['6A##6e A'],
      },
    },
    {
      title: 'a requested attribute the person lacks, or has empty, is left out',
      resolved: pupil,
      contract: approved(['P_MEL', 'P_MAT', 'E_MS4']),
      expected: { IDO: [context.ido], UAI: ['0561534N'], PRO: ['National_elv'], E_MS4: ['2111'] },
    },
    {
      title: 'forged IDO, UAI, PRO in the resolved attributes are ignored',
      resolved: { ...pupil, IDO: ['forged'], UAI: ['9999999X'], PRO: ['National_dir'] },
      contract: approved(['NOM']),
      expected: { IDO: [context.ido], UAI: ['0561534N'], PRO: ['National_elv'], NOM: ['Dupont'] },
    },
    {
      title: "IDC is derived from the contract's resource and the IDO, never taken from the resolved ones",
      resolved: { ...pupil, IDC: ['ark:/0/forged_x'] },
      contract: approved(['IDC']),
      expected: { IDO: [context.ido], UAI: ['0561534N'], PRO: ['National_elv'], IDC: [`${resourceId}_${context.ido}`] },
    },
    {
      title: 'IDC is not released unless requested',
      resolved: { ...pupil, IDC: ['x'] },
      contract: approved(['NOM']),
      expected: { IDO: [context.ido], UAI: ['0561534N'], PRO: ['National_elv'], NOM: ['Dupont'] },
    },
    {
      title: 'values keep their order and duplicates',
      resolved: { DIV: ['6B##6e B', '6A##6e A', '6B##6e B'] },
      contract: approved(['DIV']),
      expected: {
        IDO: [context.ido],
        UAI: ['0561534N'],
        PRO: ['National_elv'],
        DIV: ['6B##6e B', '6A##6e A', '6B##6e B'],
      },
    },
  ];
  for (const c of cases) {
    it(c.title, () => {
      const release = filterRelease(c.resolved, c.contract, context);
      assert.deepEqual(attributesOf(release), c.expected);
    });
  }

  it('names the resource and the contract version it applied', () => {
    assert.deepEqual(
      { ...filterRelease(pupil, approved(['NOM'], 3), context), attributes: undefined },
      { kind: 'release', idRessource: resourceId, contractVersion: 3, attributes: undefined },
    );
  });

  it('no approved contract: the resource gets nothing, not even IDO', () => {
    assert.deepEqual(filterRelease(pupil, undefined, context), { kind: 'denied', reason: 'NO_CONTRACT' });
    // A caller that forces a submitted version through the type is denied all the same.
    const submitted = contractVersion(1, 'submitted', ['NOM']) as EffectiveContract;
    assert.deepEqual(filterRelease(pupil, submitted, context), { kind: 'denied', reason: 'NO_CONTRACT' });
  });

  const badContexts: readonly { readonly title: string; readonly context: ReleaseContext }[] = [
    { title: 'an upper-case IDO', context: { ...context, ido: 'AB'.repeat(64) } },
    { title: 'a raw ENT user id as IDO', context: { ...context, ido: 'u123' } },
    { title: 'an IDO of 127 characters', context: { ...context, ido: 'a'.repeat(127) } },
    { title: 'an empty UAI', context: { ...context, uai: '' } },
    { title: 'an empty profile', context: { ...context, profile: '' } },
  ];
  for (const c of badContexts) {
    it(`refuses ${c.title} (ERR_RELEASE_CONTEXT_INVALID), even without a contract`, () => {
      assert.equal(
        thrownCode(() => filterRelease(pupil, approved(['NOM']), c.context)),
        'ERR_RELEASE_CONTEXT_INVALID',
      );
      assert.equal(
        thrownCode(() => filterRelease(pupil, undefined, c.context)),
        'ERR_RELEASE_CONTEXT_INVALID',
      );
    });
  }

  it('the release is deeply frozen and does not follow later changes of the resolved lists', () => {
    const names = ['Dupont'];
    const release = filterRelease({ NOM: names }, approved(['NOM']), context);
    names.push('Martin');
    const attributes = attributesOf(release);
    assert.deepEqual(attributes.NOM, ['Dupont']);
    assert.ok(
      Object.isFrozen(release) && Object.isFrozen(attributes) && Object.values(attributes).every(Object.isFrozen),
    );
  });
});

describe('filterRelease properties', () => {
  const values = fc.array(fc.string({ maxLength: 12 }), { maxLength: 4 });
  const resolvedArb: fc.Arbitrary<ResolvedAttributes> = fc.dictionary(
    fc.constantFrom(...attributeCodes),
    values,
  ) as fc.Arbitrary<ResolvedAttributes>;
  const contractArb = fc.uniqueArray(fc.constantFrom(...requestableCodes)).map((codes) => approved(codes));
  const contextArb: fc.Arbitrary<ReleaseContext> = fc.record({
    ido: fc.string({ minLength: 128, maxLength: 128, unit: fc.constantFrom(...'0123456789abcdef') }),
    uai: fc.string({ minLength: 1, maxLength: 10 }),
    profile: fc.constantFrom('National_elv', 'National_ens', 'National_doc'),
  });

  it('never adds: released codes are IDO, UAI, PRO and the requested codes the person has (IDC derived)', () => {
    fc.assert(
      fc.property(resolvedArb, contractArb, contextArb, (resolved, contract, ctx) => {
        const released = Object.keys(attributesOf(filterRelease(resolved, contract, ctx)));
        const expected = attributeCodes.filter(
          (code) =>
            (alwaysReleased as readonly string[]).includes(code)
            || (contract.document.attributs.includes(code as never)
              && (code === 'IDC' || (resolved[code]?.length ?? 0) > 0)),
        );
        assert.deepEqual(released, expected);
      }),
      { numRuns: 500 },
    );
  });

  it('IDO, UAI, PRO always come from the context; every other list is the resolved one, unchanged', () => {
    fc.assert(
      fc.property(resolvedArb, contractArb, contextArb, (resolved, contract, ctx) => {
        const attributes = attributesOf(filterRelease(resolved, contract, ctx));
        assert.deepEqual([attributes.IDO, attributes.UAI, attributes.PRO], [[ctx.ido], [ctx.uai], [ctx.profile]]);
        for (const [code, list] of Object.entries(attributes)) {
          if ((alwaysReleased as readonly string[]).includes(code) || code === 'IDC') continue;
          assert.deepEqual(list, resolved[code as AttributeCode]);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('no contract: denied, whatever the person has', () => {
    fc.assert(
      fc.property(resolvedArb, contextArb, (resolved, ctx) => {
        assert.deepEqual(filterRelease(resolved, undefined, ctx), { kind: 'denied', reason: 'NO_CONTRACT' });
      }),
      { numRuns: 200 },
    );
  });

  it('a smaller contract never releases more (monotone)', () => {
    fc.assert(
      fc.property(resolvedArb, contractArb, contextArb, (resolved, contract, ctx) => {
        const fewer = approved(contract.document.attributs.filter((_, i) => i % 2 === 0));
        const big = Object.keys(attributesOf(filterRelease(resolved, contract, ctx)));
        const small = Object.keys(attributesOf(filterRelease(resolved, fewer, ctx)));
        assert.ok(small.every((code) => big.includes(code)));
      }),
      { numRuns: 300 },
    );
  });
});
