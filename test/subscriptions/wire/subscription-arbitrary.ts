/**
 * fast-check generators of valid SubscriptionInputs: every value within the wsabonnement rules
 * (gar-reference §5), with the characters most likely to break a codec (markup, `]]>`, CR, tabs,
 * astral characters, no-break spaces) in the free texts.
 */
import fc from 'fast-check';
import {
  assignmentCategories,
  assignmentTypes,
  audiences,
  type LicenceCount,
  type LicenceCounts,
  type LocalDateTime,
  type SubscriptionEnd,
  type SubscriptionInput,
} from '../../../src/subscriptions/index.js';

const xmlSpace = /^[ \t\r\n]|[ \t\r\n]$/;

const character = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      'a',
      'Z',
      '0',
      'é',
      '&',
      '<',
      '>',
      '"',
      "'",
      ']]>',
      '\r',
      '\r\n',
      '\n',
      '\t',
      ' ',
      '\u00a0',
      '😀',
      '\uFFFD',
    ),
  },
  { weight: 1, arbitrary: fc.integer({ min: 0x20, max: 0xd7ff }).map((c) => String.fromCodePoint(c)) },
  { weight: 1, arbitrary: fc.integer({ min: 0x10000, max: 0x10ffff }).map((c) => String.fromCodePoint(c)) },
);

/** A non-empty text of at most `max` code points, without XML white space at its ends (the reader trims it). */
export const freeText = (max: number): fc.Arbitrary<string> =>
  fc
    .array(character, { minLength: 1, maxLength: Math.min(max, 40) })
    .map((parts) => parts.join(''))
    .filter((text) => text.length > 0 && !xmlSpace.test(text) && [...text].length <= max);

/** No white space at all (ids and UAIs). */
const token = (max: number): fc.Arbitrary<string> => freeText(max).filter((text) => /^\S+$/.test(text));

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

export const localDateTime: fc.Arbitrary<LocalDateTime> = fc
  .record({
    date: fc.date({
      min: new Date('1990-01-01T00:00:00Z'),
      max: new Date('2099-12-31T23:59:59Z'),
      noInvalidDate: true,
    }),
    fraction: fc.option(
      fc.integer({ min: 0, max: 999_999 }).map((f) => pad(f, 6)),
      { nil: undefined },
    ),
  })
  .map(({ date, fraction }) => date.toISOString().slice(0, 19) + (fraction === undefined ? '' : `.${fraction}`));

const count: fc.Arbitrary<LicenceCount> = fc.oneof(
  fc.constant('ILLIMITE' as const),
  fc.integer({ min: 0, max: 2_147_483_647 }),
);

const licences: fc.Arbitrary<LicenceCounts> = fc.oneof(
  count.map((nbLicenceGlobale) => ({ kind: 'global' as const, nbLicenceGlobale })),
  fc
    .tuple(count, count, count, count)
    .map(([nbLicenceEnseignant, nbLicenceEleve, nbLicenceProfDoc, nbLicenceAutrePersonnel]) => ({
      kind: 'perAudience' as const,
      nbLicenceEnseignant,
      nbLicenceEleve,
      nbLicenceProfDoc,
      nbLicenceAutrePersonnel,
    })),
);

/** A start and an end not before it: a date-time, or a school year ending 15 August. */
const validity: fc.Arbitrary<{ debutValidite: LocalDateTime; fin: SubscriptionEnd }> = fc.oneof(
  fc.tuple(localDateTime, localDateTime).map(([a, b]) => {
    // Compared as instants: the fraction, padded, after the fixed-width prefix.
    const key = (t: LocalDateTime): string => t.slice(0, 19) + t.slice(20).padEnd(9, '0');
    const [debutValidite, finValidite] = key(a) <= key(b) ? [a, b] : [b, a];
    return { debutValidite, fin: { kind: 'date' as const, finValidite } };
  }),
  fc.integer({ min: 1991, max: 2099 }).map((year) => ({
    debutValidite: `${year - 1}-09-01T00:00:00`,
    fin: {
      kind: 'schoolYear' as const,
      anneeFinValidite: `${year - 1}-${year}`,
      finValidite: `${year}-08-15T00:00:00`,
    },
  })),
);

export const subscriptionInput = (mode: 'create' | 'update'): fc.Arbitrary<SubscriptionInput> =>
  fc
    .record(
      {
        idAbonnement: token(45),
        commentaireAbonnement: freeText(255),
        idDistributeurCom: fc
          .tuple(fc.integer({ min: 0, max: 999_999_999 }), fc.bigInt({ min: 0n, max: 10n ** 16n - 1n }))
          .map(([siren, rest]) => `${pad(siren, 9)}_${rest.toString().padStart(16, '0')}`),
        idRessource: freeText(1024),
        typeIdRessource: freeText(50),
        libelleRessource: freeText(255),
        validity,
        uaiEtab: token(45),
        categorieAffectation: fc.constantFrom(...assignmentCategories),
        typeAffectation: fc.constantFrom(...assignmentTypes),
        licences,
        publicCible: fc.shuffledSubarray([...audiences], { minLength: 1 }),
        codeProjetRessource: freeText(255),
      },
      {
        requiredKeys: [
          'idAbonnement',
          'idDistributeurCom',
          'idRessource',
          'typeIdRessource',
          'libelleRessource',
          'validity',
          'categorieAffectation',
          'typeAffectation',
          'licences',
          'publicCible',
          ...(mode === 'create' ? ['uaiEtab' as const] : []),
        ],
      },
    )
    .map(({ validity: { debutValidite, fin }, ...rest }) => {
      const { uaiEtab, ...others } = rest;
      // Key order does not matter to deepStrictEqual; absence of optional keys does.
      return { ...others, debutValidite, fin, ...(mode === 'create' && uaiEtab !== undefined ? { uaiEtab } : {}) };
    });
