/**
 * Typed feed records: what the reader hands to the importer once a record has been validated
 * against feed-spec.ts. Inner code never sees feed XML. Both degrees map onto these types.
 */
import type { Degree, DocumentKind } from './feed-spec.js';

export type Profile =
  | 'National_elv'
  | 'National_ens'
  | 'National_doc'
  | 'National_dir'
  | 'National_evs'
  | 'National_eta'
  | 'National_col';

export interface EstablishmentRecord {
  readonly type: 'establishment';
  readonly uai: string;
  readonly name: string;
  readonly attachedTo: string | null;
  readonly contract: string | null;
  readonly phone: string | null;
  readonly email: string | null;
}

export interface MefRecord {
  readonly type: 'mef';
  readonly uai: string;
  readonly code: string;
  readonly label: string;
  readonly attachedTo: string | null;
  readonly stat11: string | null;
}

export interface SubjectRecord {
  readonly type: 'subject';
  readonly uai: string;
  readonly code: string;
  readonly label: string;
}

export interface PersonRecord {
  readonly type: 'person';
  /** 'pupil' from GAREleve, 'teacher' from GAREnseignant. */
  readonly kind: 'pupil' | 'teacher';
  readonly personId: string;
  readonly profiles: readonly { readonly uai: string; readonly profile: Profile }[];
  readonly secondaryId: string | null;
  readonly birthName: string | null;
  readonly lastName: string;
  readonly firstName: string;
  readonly otherFirstNames: readonly string[];
  readonly civility: string | null;
  readonly structureAttachment: string | null;
  readonly establishments: readonly string[];
  readonly birthDate: string | null;
  /** Teachers: discipline (2D) or speciality (1D) codes of their posts, per establishment. */
  readonly postCodes: readonly { readonly uai: string; readonly codes: readonly string[] }[];
  readonly mails: readonly string[];
}

/** GARPersonMEF (level kind MEF) or GARPersonMEFSTAT4 (kind MEFSTAT4). */
export interface PersonLevelRecord {
  readonly type: 'personLevel';
  readonly uai: string;
  readonly personId: string;
  readonly levelKind: 'MEF' | 'MEFSTAT4';
  readonly code: string;
}

/** GAREleveEnseignement: a subject a pupil follows. */
export interface PupilSubjectRecord {
  readonly type: 'pupilSubject';
  readonly uai: string;
  readonly personId: string;
  readonly subjectCode: string;
}

export interface GroupRecord {
  readonly type: 'group';
  readonly uai: string;
  readonly code: string;
  readonly label: string;
  readonly status: 'DIVISION' | 'GROUPE';
  readonly divisions: readonly string[];
}

export interface MembershipRecord {
  readonly type: 'membership';
  readonly uai: string;
  readonly personId: string;
  readonly groupCode: string;
}

/** GAREnsGroupeMatiere (via 'GROUPE') or GAREnsClasseMatiere (via 'DIVISION'). */
export interface TeachingRecord {
  readonly type: 'teaching';
  readonly uai: string;
  readonly personId: string;
  readonly groupCode: string;
  readonly via: 'GROUPE' | 'DIVISION';
  readonly subjectCodes: readonly string[];
}

export interface ManagerRecord {
  readonly type: 'manager';
  readonly personId: string;
  readonly lastName: string;
  readonly firstName: string;
  readonly civility: string | null;
  readonly mails: readonly string[];
  readonly establishments: readonly string[];
}

export type FeedRecord =
  | EstablishmentRecord
  | MefRecord
  | SubjectRecord
  | PersonRecord
  | PersonLevelRecord
  | PupilSubjectRecord
  | GroupRecord
  | MembershipRecord
  | TeachingRecord
  | ManagerRecord;

/** Where a record or an error comes from, for reports people and machines can act on. */
export interface FeedLocation {
  readonly file: string;
  readonly line: number;
  /** The record element (GAREleve…) and its key as text, when known. */
  readonly element: string | null;
  readonly recordId: string | null;
}

export interface FeedIssue extends FeedLocation {
  readonly code: string;
  readonly message: string;
}

/** What the reader yields: a valid record, or a record-level issue (the record is rejected). */
export type FeedItem =
  | { readonly ok: true; readonly record: FeedRecord; readonly at: FeedLocation }
  | { readonly ok: false; readonly issue: FeedIssue };

/** One feed file of a delivery, as its name and root element describe it. */
export interface FeedFileInfo {
  readonly name: string;
  readonly entId: string;
  readonly degree: Degree;
  readonly kind: DocumentKind;
  readonly timestamp: string;
  readonly sequence: number;
  /** The root's Version attribute, recorded as found. */
  readonly version: string | null;
}
