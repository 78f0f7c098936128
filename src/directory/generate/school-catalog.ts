/**
 * What kinds of schools exist and what each teaches: levels with their national codes (MEF,
 * MEFSTAT11, MEFSTAT4), subjects with BCN-like codes and the teachers' discipline post codes,
 * and the teaching groups pupils may join. Codes are shaped like the real nomenclatures
 * (11-digit MEF, 6-digit subject code, L-prefixed discipline) without claiming to be exact.
 */
import type { Degree } from '../feed/feed-spec.js';

export interface SchoolLevel {
  /** Prefix of class codes: '6' → 6A, 'CM2' → CM2-A. */
  readonly short: string;
  readonly label: string;
  readonly mef: string;
  readonly stat11: string;
  readonly mefstat4: string;
  /** Usual age on 31 December of the school year's first year. */
  readonly age: number;
}

export interface SchoolSubject {
  readonly code: string;
  readonly label: string;
  /** Discipline post code (2D) of the teachers who teach it. */
  readonly post: string;
  /** Indexes into the school's levels where it is taught; all when absent. */
  readonly levels?: readonly number[];
  /** Taught to groups (GROUPE) rather than whole classes. */
  readonly byGroup?: boolean;
}

export interface GroupTemplate {
  /** Appended to the level's short code: '5' + 'LAT1' → 5LAT1. */
  readonly suffix: string;
  readonly label: string;
  /** Subject taught to the group (2D), or null (1D has no subjects). */
  readonly subjectCode: string | null;
  readonly levels: readonly number[];
  /** Share of the level's pupils who join it. */
  readonly share: number;
}

export interface SchoolType {
  readonly name: string;
  readonly weight: number;
  readonly levels: readonly SchoolLevel[];
  readonly subjects: readonly SchoolSubject[];
  readonly groups: readonly GroupTemplate[];
  /** Second modern language options (GAREleveEnseignement): the first is chosen by `share`. */
  readonly lv2: {
    readonly levels: readonly number[];
    readonly codes: readonly [string, string];
    readonly share: number;
  } | null;
  /** Class code separator: '6' + '' + 'A', 'CM2' + '-' + 'A'. */
  readonly classSeparator: string;
  /** 1D speciality post code of the school's teachers. */
  readonly specialityPost: string;
}

const level = (
  short: string,
  label: string,
  mef: string,
  stat11: string,
  mefstat4: string,
  age: number,
): SchoolLevel => ({ short, label, mef, stat11, mefstat4, age });

const collegeLevels = [
  level('6', '6EME', '10010012110', '11110010110', '1001', 11),
  level('5', '5EME', '10110001110', '11111010110', '1011', 12),
  level('4', '4EME', '10210001110', '11112010110', '1021', 13),
  level('3', '3EME', '10310019110', '11113010110', '1031', 14),
];

const lyceeLevels = [
  level('2', '2NDE GENERALE ET TECHNO', '20010018110', '21110010110', '2001', 15),
  level('1', '1ERE GENERALE', '20111014110', '21111110110', '2111', 16),
  level('T', 'TERMINALE GENERALE', '20212014110', '21112110110', '2121', 17),
];

const subject = (code: string, label: string, post: string, extra: Partial<SchoolSubject> = {}): SchoolSubject => ({
  code,
  label,
  post,
  ...extra,
});

const commonSubjects = [
  subject('020700', 'FRANCAIS', 'L0202'),
  subject('061300', 'MATHEMATIQUES', 'L1300'),
  subject('030201', 'ANGLAIS LV1', 'L0422'),
  subject('040600', 'HISTOIRE-GEOGRAPHIE', 'L1000'),
  subject('062900', 'SCIENCES VIE & TERRE', 'L1600'),
  subject('100100', 'ED.PHYSIQUE & SPORT.', 'L1900'),
];

const collegeSubjects = [
  ...commonSubjects,
  subject('030602', 'ESPAGNOL LV2', 'L0426', { levels: [1, 2, 3] }),
  subject('030102', 'ALLEMAND LV2', 'L0421', { levels: [1, 2, 3] }),
  subject('061800', 'PHYSIQUE-CHIMIE', 'L1500', { levels: [1, 2, 3] }),
  subject('070600', 'TECHNOLOGIE', 'L1400'),
  subject('088100', 'ARTS PLASTIQUES', 'L1800'),
  subject('088400', 'EDUCATION MUSICALE', 'L1700'),
  subject('020300', 'LCA LATIN', 'L0201', { byGroup: true }),
];

const lyceeSubjects = [
  ...commonSubjects,
  subject('030602', 'ESPAGNOL LV2', 'L0426'),
  subject('030102', 'ALLEMAND LV2', 'L0421'),
  subject('061800', 'PHYSIQUE-CHIMIE', 'L1500'),
  subject('013000', 'PHILOSOPHIE', 'L0100', { levels: [2] }),
  subject('076700', 'SCIENCES ECONOMIQUES ET SOCIALES', 'L8011', { byGroup: true }),
  subject('020300', 'LCA LATIN', 'L0201', { byGroup: true }),
];

const elementaryLevels = [
  level('CP', 'CP', '', '', '2111', 6),
  level('CE1', 'CE1', '', '', '2112', 7),
  level('CE2', 'CE2', '', '', '2113', 8),
  level('CM1', 'CM1', '', '', '2114', 9),
  level('CM2', 'CM2', '', '', '2115', 10),
];
const nurseryLevels = [
  level('PS', 'PETITE SECTION', '', '', '0111', 3),
  level('MS', 'MOYENNE SECTION', '', '', '0112', 4),
  level('GS', 'GRANDE SECTION', '', '', '0113', 5),
];

const secondary = { classSeparator: '', specialityPost: '' };
const primary = { subjects: [], lv2: null, classSeparator: '-' };

export const schoolTypes: Readonly<Record<Degree, readonly SchoolType[]>> = {
  '2D': [
    {
      ...secondary,
      name: 'Collège',
      weight: 1,
      levels: collegeLevels,
      subjects: collegeSubjects,
      groups: [{ suffix: 'LAT1', label: 'LATIN 1', subjectCode: '020300', levels: [1, 2, 3], share: 0.2 }],
      lv2: { levels: [1, 2, 3], codes: ['030602', '030102'], share: 0.75 },
    },
    {
      ...secondary,
      name: 'Lycée',
      weight: 1.6,
      levels: lyceeLevels,
      subjects: lyceeSubjects,
      groups: [
        { suffix: 'LAT1', label: 'LATIN 1', subjectCode: '020300', levels: [0], share: 0.1 },
        { suffix: 'SES1', label: 'SPE SES 1', subjectCode: '076700', levels: [1, 2], share: 0.3 },
      ],
      lv2: { levels: [0, 1, 2], codes: ['030602', '030102'], share: 0.7 },
    },
  ],
  '1D': [
    {
      ...primary,
      name: 'École élémentaire',
      weight: 1,
      levels: elementaryLevels,
      specialityPost: 'ECEL',
      groups: [{ suffix: '-CHORALE', label: 'CHORALE', subjectCode: null, levels: [4], share: 0.25 }],
    },
    { ...primary, name: 'École maternelle', weight: 0.6, levels: nurseryLevels, specialityPost: 'ECMA', groups: [] },
    {
      ...primary,
      name: 'École primaire',
      weight: 1.3,
      levels: [...nurseryLevels, ...elementaryLevels],
      specialityPost: 'ECEL',
      groups: [{ suffix: '-CHORALE', label: 'CHORALE', subjectCode: null, levels: [7], share: 0.25 }],
    },
  ],
};

/** Share of each type among a degree's establishments, in schoolTypes order. */
export const schoolTypeShares: Readonly<Record<Degree, readonly number[]>> = {
  '2D': [0.78, 0.22],
  '1D': [0.55, 0.2, 0.25],
};

/** People the schools are named after; some carry apostrophes and accents on purpose. */
export const schoolPatrons: readonly string[] = [
  'Jean Moulin',
  'Marie Curie',
  'Victor Hugo',
  'Jules Ferry',
  'Louise Michel',
  'Jean Jaurès',
  'Simone Veil',
  'Albert Camus',
  'Paul Éluard',
  'Jacques Prévert',
  'Antoine de Saint-Exupéry',
  'Jean de La Fontaine',
  'George Sand',
  'Émile Zola',
  'Condorcet',
  'Louis Pasteur',
  "Jeanne d'Arc",
  'Germaine Tillion',
  'Lucie Aubrac',
  'Olympe de Gouges',
  'Aimé Césaire',
  'Françoise Dolto',
  'Rosa Parks',
  'Camille Claudel',
  'Anne Frank',
  'René Descartes',
  'Molière',
  'Marcel Pagnol',
  'Jules Verne',
  'Alexandre Dumas',
  'Nelson Mandela',
  'Paul Langevin',
  'Joliot-Curie',
  'Gustave Eiffel',
  'Honoré de Balzac',
  'Léonard de Vinci',
  'Joachim du Bellay',
  'Pierre & Marie Curie',
];

/** Academies (mail domains of staff and establishments); the ENT project picks one. */
export const academyDomains: readonly string[] = [
  'ac-toulouse.fr',
  'ac-lyon.fr',
  'ac-creteil.fr',
  'ac-versailles.fr',
  'ac-lille.fr',
  'ac-bordeaux.fr',
  'ac-rennes.fr',
  'ac-nantes.fr',
  'ac-grenoble.fr',
  'ac-montpellier.fr',
  'ac-normandie.fr',
  'ac-orleans-tours.fr',
];
