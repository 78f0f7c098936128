/**
 * How each record kind is keyed, named and stored: the descriptors behind the generic, set-based
 * checks and diff. Keys map onto the three key columns of stage_rejected (uai, person_id, code).
 */
import type { ImportKind } from '../../directory/index.js';

export interface KindDescriptor {
  readonly kind: ImportKind;
  readonly stage: string;
  readonly live: string;
  /** Columns that identify a record in the delivery (duplicate detection). */
  readonly recordKey: readonly string[];
  /** SQL expressions (over alias s) for stage_rejected's uai, person_id and code. */
  readonly rejectedKey: readonly [string, string, string];
  /** SQL expression (over alias s) naming the record element, and one for its id in reports. */
  readonly element: string;
  readonly recordId: string;
}

export interface TrackedDescriptor extends KindDescriptor {
  readonly payload: readonly string[];
  readonly hasCreatedAt: boolean;
  /** A child table rebuilt for touched records: [live table, stage table, columns]. */
  readonly child?: { readonly live: string; readonly stage: string; readonly columns: readonly string[] };
}

export interface LinkDescriptor extends KindDescriptor {
  readonly columns: readonly string[];
  /** Column naming a group, when the link depends on one. */
  readonly groupColumn: string | null;
}

const slash = (...parts: string[]): string => parts.join(` || '/' || `);

export const trackedKinds: readonly TrackedDescriptor[] = [
  {
    kind: 'establishment',
    stage: 'stage_establishment',
    live: 'establishment',
    recordKey: ['uai'],
    rejectedKey: ['s.uai', "''", "''"],
    element: "'GAREtab'",
    recordId: 's.uai',
    payload: ['name', 'attached_to', 'contract', 'phone', 'email'],
    hasCreatedAt: true,
  },
  {
    kind: 'mef',
    stage: 'stage_mef',
    live: 'mef',
    recordKey: ['uai', 'code'],
    rejectedKey: ['s.uai', "''", 's.code'],
    element: "'GARMEF'",
    recordId: slash('s.uai', 's.code'),
    payload: ['label', 'attached_to', 'stat11'],
    hasCreatedAt: false,
  },
  {
    kind: 'subject',
    stage: 'stage_subject',
    live: 'subject',
    recordKey: ['uai', 'code'],
    rejectedKey: ['s.uai', "''", 's.code'],
    element: "'GARMatiere'",
    recordId: slash('s.uai', 's.code'),
    payload: ['label'],
    hasCreatedAt: false,
  },
  {
    kind: 'group',
    stage: 'stage_group',
    live: 'student_group',
    recordKey: ['uai', 'code'],
    rejectedKey: ['s.uai', "''", 's.code'],
    element: "'GARGroupe'",
    recordId: slash('s.uai', 's.code'),
    payload: ['label', 'status', 'divisions'],
    hasCreatedAt: false,
  },
  {
    kind: 'person',
    stage: 'stage_person',
    live: 'person',
    recordKey: ['person_id'],
    rejectedKey: ["''", 's.person_id', "''"],
    element: "case s.kind when 'pupil' then 'GAREleve' else 'GAREnseignant' end",
    recordId: 's.person_id',
    payload: [
      'kind',
      'secondary_id',
      'birth_name',
      'last_name',
      'first_name',
      'other_first_names',
      'civility',
      'structure_attachment',
      'birth_date',
      'establishments',
      'post_codes',
      'mails',
    ],
    hasCreatedAt: true,
    child: { live: 'person_profile', stage: 'stage_person_profile', columns: ['uai', 'profile'] },
  },
  {
    kind: 'manager',
    stage: 'stage_manager',
    live: 'manager',
    recordKey: ['person_id'],
    rejectedKey: ["''", 's.person_id', "''"],
    element: "'GARRespAff'",
    recordId: 's.person_id',
    payload: ['last_name', 'first_name', 'civility', 'mails', 'establishments'],
    hasCreatedAt: false,
    child: { live: 'manager_establishment', stage: 'stage_manager_establishment', columns: ['uai'] },
  },
];

export const linkKinds: readonly LinkDescriptor[] = [
  {
    kind: 'personLevel',
    stage: 'stage_person_level',
    live: 'person_level',
    recordKey: ['uai', 'person_id', 'level_kind', 'code'],
    rejectedKey: ['s.uai', 's.person_id', 's.code'],
    element: "case s.level_kind when 'MEF' then 'GARPersonMEF' else 'GARPersonMEFSTAT4' end",
    recordId: slash('s.uai', 's.person_id', 's.code'),
    columns: ['uai', 'person_id', 'level_kind', 'code'],
    groupColumn: null,
  },
  {
    kind: 'pupilSubject',
    stage: 'stage_pupil_subject',
    live: 'pupil_subject',
    recordKey: ['uai', 'person_id', 'subject_code'],
    rejectedKey: ['s.uai', 's.person_id', 's.subject_code'],
    element: "'GAREleveEnseignement'",
    recordId: slash('s.uai', 's.person_id', 's.subject_code'),
    columns: ['uai', 'person_id', 'subject_code'],
    groupColumn: null,
  },
  {
    kind: 'membership',
    stage: 'stage_membership',
    live: 'membership',
    recordKey: ['uai', 'person_id', 'group_code'],
    rejectedKey: ['s.uai', 's.person_id', 's.group_code'],
    element: "'GARPersonGroupe'",
    recordId: slash('s.uai', 's.person_id', 's.group_code'),
    columns: ['uai', 'person_id', 'group_code'],
    groupColumn: 'group_code',
  },
  {
    kind: 'teaching',
    stage: 'stage_teaching',
    live: 'teaching',
    recordKey: ['uai', 'person_id', 'group_code', 'via'],
    rejectedKey: ['s.uai', 's.person_id', 's.group_code'],
    element: "case s.via when 'GROUPE' then 'GAREnsGroupeMatiere' else 'GAREnsClasseMatiere' end",
    recordId: slash('s.uai', 's.person_id', 's.group_code'),
    columns: ['uai', 'person_id', 'group_code', 'via', 'subject_code'],
    groupColumn: 'group_code',
  },
];

export const allKinds: readonly KindDescriptor[] = [...trackedKinds, ...linkKinds];

export function kindDescriptor(kind: ImportKind): KindDescriptor {
  const found = allKinds.find((d) => d.kind === kind);
  if (!found) throw new Error(`unknown kind ${kind}`);
  return found;
}
