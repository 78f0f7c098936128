/**
 * The grammar of the GAR ENT directory feed (gar-reference §6), as data: for each degree, the five
 * document kinds, the records each may hold, and each record's children in order with their
 * cardinality and value kind. The reader validates against it and the generator writes from it,
 * so both always agree on order and limits.
 */

export type Degree = '1D' | '2D';

export const feedNamespaces: Readonly<Record<Degree, string>> = {
  '2D': 'http://data.education.fr/ns/gar',
  '1D': 'http://data.education.fr/ns/gar/1d',
};

/** Schema versions we implement; the Version attribute of a file is recorded, not trusted. */
export const feedSchemaVersions: Readonly<Record<Degree, string>> = { '2D': '1.7', '1D': '1.4' };

export type DocumentKind = 'Etab' | 'Eleve' | 'Enseignant' | 'Groupe' | 'RespAff';
export const documentKinds: readonly DocumentKind[] = ['Etab', 'Eleve', 'Enseignant', 'Groupe', 'RespAff'];

export type ValueKind =
  | 'uai'
  | 'personId'
  | 'code'
  | 'label'
  | 'name'
  | 'civility'
  | 'mail'
  | 'profile'
  | 'date'
  | 'groupStatus'
  | 'mefstat4'
  | 'phone';

/** Maximum lengths and forms of values (gar-reference §6: UAI ≤45, codes ≤255, names ≤500…). */
export const valueRules: Readonly<Record<ValueKind, { maxLength: number; pattern?: RegExp }>> = {
  uai: { maxLength: 45, pattern: /^\S+$/ },
  personId: { maxLength: 64, pattern: /^\S+$/ },
  code: { maxLength: 255 },
  label: { maxLength: 500 },
  name: { maxLength: 500 },
  civility: { maxLength: 30 },
  mail: { maxLength: 255, pattern: /^[^\s@]+@[^\s@]+$/ },
  profile: { maxLength: 31, pattern: /^National_(elv|ens|doc|dir|evs|eta|col)$/ },
  date: { maxLength: 10, pattern: /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/ },
  groupStatus: { maxLength: 8, pattern: /^(DIVISION|GROUPE)$/ },
  mefstat4: { maxLength: 4, pattern: /^\w{4}$/ },
  phone: { maxLength: 255 },
};

export const UNBOUNDED = Number.POSITIVE_INFINITY;

export interface LeafSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly value: ValueKind;
}

export interface GroupSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly children: readonly ChildSpec[];
}

export type ChildSpec = LeafSpec | GroupSpec;

export function isGroupSpec(spec: ChildSpec): spec is GroupSpec {
  return 'children' in spec;
}

const one = (name: string, value: ValueKind): LeafSpec => ({ name, min: 1, max: 1, value });
const opt = (name: string, value: ValueKind): LeafSpec => ({ name, min: 0, max: 1, value });
const many = (name: string, value: ValueKind, min = 1): LeafSpec => ({ name, min, max: UNBOUNDED, value });
const group = (name: string, min: number, max: number, children: ChildSpec[]): GroupSpec => ({
  name,
  min,
  max,
  children,
});

const identity: ChildSpec[] = [
  one('GARPersonIdentifiant', 'personId'),
  group('GARPersonProfils', 1, UNBOUNDED, [one('GARStructureUAI', 'uai'), one('GARPersonProfil', 'profile')]),
  opt('GARPersonIdSecondaire', 'personId'),
  opt('GARPersonNomPatro', 'name'),
  one('GARPersonNom', 'name'),
  one('GARPersonPrenom', 'name'),
  many('GARPersonAutresPrenoms', 'name'),
  opt('GARPersonCivilite', 'civility'),
  opt('GARPersonStructRattach', 'uai'),
];

const personEtabs: ChildSpec[] = [many('GARPersonEtab', 'uai'), opt('GARPersonDateNaissance', 'date')];

const etab: ChildSpec[] = [
  one('GARStructureUAI', 'uai'),
  one('GARStructureNomCourant', 'label'),
  opt('GAREtablissementStructRattachFctl', 'uai'),
  opt('GARStructureContrat', 'code'),
  opt('GARStructureTelephone', 'phone'),
  opt('GARStructureEmail', 'mail'),
];

const link = (code: string, kind: ValueKind = 'code'): ChildSpec[] => [
  one('GARStructureUAI', 'uai'),
  one('GARPersonIdentifiant', 'personId'),
  one(code, kind),
];

const groupe: ChildSpec[] = [
  one('GARGroupeCode', 'code'),
  one('GARStructureUAI', 'uai'),
  one('GARGroupeLibelle', 'label'),
  one('GARGroupeStatut', 'groupStatus'),
  many('GARGroupeDivAppartenance', 'code', 0),
];

const teacherGroupSubject: ChildSpec[] = [
  one('GARStructureUAI', 'uai'),
  one('GARPersonIdentifiant', 'personId'),
  one('GARGroupeCode', 'code'),
  many('GARMatiereCode', 'code'),
];

const respAff: ChildSpec[] = [
  one('GARPersonIdentifiant', 'personId'),
  one('GARPersonNom', 'name'),
  one('GARPersonPrenom', 'name'),
  opt('GARPersonCivilite', 'civility'),
  many('GARPersonMail', 'mail'),
  many('GARRespAffEtab', 'uai'),
];

export type RecordElement =
  | 'GAREtab'
  | 'GARMEF'
  | 'GARMatiere'
  | 'GAREleve'
  | 'GARPersonMEF'
  | 'GARPersonMEFSTAT4'
  | 'GAREleveEnseignement'
  | 'GAREnseignant'
  | 'GARGroupe'
  | 'GARPersonGroupe'
  | 'GAREnsGroupeMatiere'
  | 'GAREnsClasseMatiere'
  | 'GARRespAff';

export type DocumentSpec = Readonly<Partial<Record<RecordElement, readonly ChildSpec[]>>>;

export const feedSpec: Readonly<Record<Degree, Readonly<Record<DocumentKind, DocumentSpec>>>> = {
  '2D': {
    Etab: {
      GAREtab: etab,
      GARMEF: [
        one('GARStructureUAI', 'uai'),
        one('GARMEFCode', 'code'),
        one('GARMEFLibelle', 'label'),
        opt('GARMEFRattach', 'code'),
        opt('GARMEFSTAT11', 'code'),
      ],
      GARMatiere: [one('GARStructureUAI', 'uai'), one('GARMatiereCode', 'code'), one('GARMatiereLibelle', 'label')],
    },
    Eleve: {
      GAREleve: [...identity, ...personEtabs],
      GARPersonMEF: link('GARMEFCode'),
      GAREleveEnseignement: link('GARMatiereCode'),
    },
    Enseignant: {
      GAREnseignant: [
        ...identity,
        ...personEtabs,
        group('GAREnsDisciplinesPostes', 0, UNBOUNDED, [
          one('GARStructureUAI', 'uai'),
          many('GAREnsDisciplinePosteCode', 'code'),
        ]),
        many('GARPersonMail', 'mail', 0),
      ],
      GARPersonMEF: link('GARMEFCode'),
    },
    Groupe: {
      GARGroupe: groupe,
      GARPersonGroupe: link('GARGroupeCode'),
      GAREnsGroupeMatiere: teacherGroupSubject,
      GAREnsClasseMatiere: teacherGroupSubject,
    },
    RespAff: { GARRespAff: respAff },
  },
  '1D': {
    Etab: { GAREtab: etab },
    Eleve: {
      GAREleve: [...identity, ...personEtabs],
      GARPersonMEFSTAT4: link('GARMEFSTAT4Code', 'mefstat4'),
    },
    Enseignant: {
      GAREnseignant: [
        ...identity,
        ...personEtabs,
        group('GAREnsSpecialitesPostes', 0, UNBOUNDED, [
          one('GARStructureUAI', 'uai'),
          many('GAREnsSpecialitePosteCode', 'code'),
        ]),
      ],
      GARPersonMEFSTAT4: link('GARMEFSTAT4Code', 'mefstat4'),
    },
    Groupe: {
      GARGroupe: groupe,
      GARPersonGroupe: link('GARGroupeCode'),
    },
    RespAff: { GARRespAff: respAff },
  },
};

/** At most this many records per file (gar-reference §6, packaging). */
export const maxRecordsPerFile = 10_000;

/** `{idENT}_GAR-ENT_Complet_{yyyyMMdd_HHmmss}_{2D|1D}_{Kind}_{NNNN}.xml` */
export const feedFileNamePattern =
  /^([A-Za-z0-9]{1,16})_GAR-ENT_Complet_(\d{8}_\d{6})_(1D|2D)_(Etab|Eleve|Enseignant|Groupe|RespAff)_(\d{4})\.xml$/;
