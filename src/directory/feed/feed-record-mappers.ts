/**
 * From matched record fields to the typed records of feed-records.ts, one line of mapping per
 * field. Structure was already checked against feed-spec.ts; only rules that the spec cannot
 * say (a value that depends on another one) are checked here.
 */
import type { RecordElement } from './feed-spec.js';
import type { FeedRecord, PersonRecord, Profile } from './feed-records.js';
import type { RecordFields } from './record-fields.js';
import { rejectRecord } from './record-rejection.js';

type Mapper = (fields: RecordFields, line: number) => FeedRecord;

const uai = 'GARStructureUAI';
const personId = 'GARPersonIdentifiant';

function person(kind: PersonRecord['kind']): Mapper {
  return (f) => ({
    type: 'person',
    kind,
    personId: f.one(personId),
    profiles: f
      .groups('GARPersonProfils')
      .map((g) => ({ uai: g.one(uai), profile: g.one('GARPersonProfil') as Profile })),
    secondaryId: f.optional('GARPersonIdSecondaire'),
    birthName: f.optional('GARPersonNomPatro'),
    lastName: f.one('GARPersonNom'),
    firstName: f.one('GARPersonPrenom'),
    otherFirstNames: f.all('GARPersonAutresPrenoms'),
    civility: f.optional('GARPersonCivilite'),
    structureAttachment: f.optional('GARPersonStructRattach'),
    establishments: f.all('GARPersonEtab'),
    birthDate: f.optional('GARPersonDateNaissance'),
    // Disciplines (2D) and specialities (1D) are the same notion; a degree's spec has only one.
    postCodes: [
      ...f
        .groups('GAREnsDisciplinesPostes')
        .map((g) => ({ uai: g.one(uai), codes: g.all('GAREnsDisciplinePosteCode') })),
      ...f
        .groups('GAREnsSpecialitesPostes')
        .map((g) => ({ uai: g.one(uai), codes: g.all('GAREnsSpecialitePosteCode') })),
    ],
    mails: f.all('GARPersonMail'),
  });
}

function teaching(via: 'GROUPE' | 'DIVISION'): Mapper {
  return (f) => ({
    type: 'teaching',
    uai: f.one(uai),
    personId: f.one(personId),
    groupCode: f.one('GARGroupeCode'),
    via,
    subjectCodes: f.all('GARMatiereCode'),
  });
}

function group(f: RecordFields, line: number): FeedRecord {
  const status = f.one('GARGroupeStatut') as 'DIVISION' | 'GROUPE';
  const divisions = f.all('GARGroupeDivAppartenance');
  // gar-reference §6: a group names the classes it draws from; a class belongs to no class.
  if (status === 'DIVISION' && divisions.length > 0) {
    throw rejectRecord('ERR_FEED_RECORD_INVALID', { line }, 'GARGroupeDivAppartenance interdit pour une DIVISION');
  }
  return {
    type: 'group',
    uai: f.one(uai),
    code: f.one('GARGroupeCode'),
    label: f.one('GARGroupeLibelle'),
    status,
    divisions,
  };
}

export const feedRecordMappers: Readonly<Record<RecordElement, Mapper>> = {
  GAREtab: (f) => ({
    type: 'establishment',
    uai: f.one(uai),
    name: f.one('GARStructureNomCourant'),
    attachedTo: f.optional('GAREtablissementStructRattachFctl'),
    contract: f.optional('GARStructureContrat'),
    phone: f.optional('GARStructureTelephone'),
    email: f.optional('GARStructureEmail'),
  }),
  GARMEF: (f) => ({
    type: 'mef',
    uai: f.one(uai),
    code: f.one('GARMEFCode'),
    label: f.one('GARMEFLibelle'),
    attachedTo: f.optional('GARMEFRattach'),
    stat11: f.optional('GARMEFSTAT11'),
  }),
  GARMatiere: (f) => ({
    type: 'subject',
    uai: f.one(uai),
    code: f.one('GARMatiereCode'),
    label: f.one('GARMatiereLibelle'),
  }),
  GAREleve: person('pupil'),
  GAREnseignant: person('teacher'),
  GARPersonMEF: (f) => ({
    type: 'personLevel',
    uai: f.one(uai),
    personId: f.one(personId),
    levelKind: 'MEF',
    code: f.one('GARMEFCode'),
  }),
  GARPersonMEFSTAT4: (f) => ({
    type: 'personLevel',
    uai: f.one(uai),
    personId: f.one(personId),
    levelKind: 'MEFSTAT4',
    code: f.one('GARMEFSTAT4Code'),
  }),
  GAREleveEnseignement: (f) => ({
    type: 'pupilSubject',
    uai: f.one(uai),
    personId: f.one(personId),
    subjectCode: f.one('GARMatiereCode'),
  }),
  GARGroupe: group,
  GARPersonGroupe: (f) => ({
    type: 'membership',
    uai: f.one(uai),
    personId: f.one(personId),
    groupCode: f.one('GARGroupeCode'),
  }),
  GAREnsGroupeMatiere: teaching('GROUPE'),
  GAREnsClasseMatiere: teaching('DIVISION'),
  GARRespAff: (f) => ({
    type: 'manager',
    personId: f.one(personId),
    lastName: f.one('GARPersonNom'),
    firstName: f.one('GARPersonPrenom'),
    civility: f.optional('GARPersonCivilite'),
    mails: f.all('GARPersonMail'),
    establishments: f.all('GARRespAffEtab'),
  }),
};
