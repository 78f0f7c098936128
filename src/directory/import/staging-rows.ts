/**
 * The directory's tabular form of a delivery: each validated record becomes rows of a few flat
 * tables (the store stages them as they are, then checks and applies them with set-based SQL).
 * Mapping happens where the records are read — on the reader's worker threads — so the thread
 * that writes to the database only inserts rows.
 */
import { createHash } from 'node:crypto';
import type { FeedIssue, FeedItem, FeedLocation, FeedRecord } from '../feed/feed-records.js';
import type { ImportKind } from '../ports.js';
import { kindOfItem } from './kind-of-item.js';

const located = ['seq', 'file', 'line'] as const;

/** Columns of each staging row, in order. `seq` numbers records across the delivery. */
export const stagingRowColumns = {
  establishment: [...located, 'uai', 'name', 'attached_to', 'contract', 'phone', 'email', 'record_hash'],
  mef: [...located, 'uai', 'code', 'label', 'attached_to', 'stat11', 'record_hash'],
  subject: [...located, 'uai', 'code', 'label', 'record_hash'],
  person: [
    ...located,
    'person_id',
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
    'record_hash',
  ],
  personProfile: ['seq', 'person_id', 'uai', 'profile'],
  personUai: ['seq', 'person_id', 'uai'],
  personLevel: [...located, 'uai', 'person_id', 'level_kind', 'code'],
  pupilSubject: [...located, 'uai', 'person_id', 'subject_code'],
  group: [...located, 'uai', 'code', 'label', 'status', 'divisions', 'record_hash'],
  groupDivision: ['seq', 'uai', 'group_code', 'division_code'],
  membership: [...located, 'uai', 'person_id', 'group_code'],
  teaching: [...located, 'uai', 'person_id', 'group_code', 'via', 'subject_code'],
  manager: [...located, 'person_id', 'last_name', 'first_name', 'civility', 'mails', 'establishments', 'record_hash'],
  managerEstablishment: ['seq', 'person_id', 'uai'],
} as const;

export type StagingRowTable = keyof typeof stagingRowColumns;
type Row = readonly unknown[];
export type StagingRows = Partial<Record<StagingRowTable, Row[]>>;

/** One batch of a delivery as read: rows of its valid records, issues of its invalid ones, counts. */
export interface ReadBatch {
  readonly rows: StagingRows;
  readonly issues: readonly FeedIssue[];
  /** Records read, per kind (valid or not). */
  readonly read: Partial<Record<ImportKind, number>>;
  readonly size: number;
}

export type RowSink = (table: StagingRowTable, row: Row) => void;

/** Maps a batch of read items; `seqOf(i)` numbers the i-th item uniquely across the delivery. */
export function toReadBatch(items: readonly FeedItem[], seqOf: (index: number) => number): ReadBatch {
  const rows: StagingRows = {};
  const issues: FeedIssue[] = [];
  const read: Partial<Record<ImportKind, number>> = {};
  const sink: RowSink = (table, row) => {
    const list = rows[table] ?? [];
    rows[table] = list;
    list.push(row);
  };
  items.forEach((item, index) => {
    const kind = kindOfItem(item);
    if (kind) read[kind] = (read[kind] ?? 0) + 1;
    if (item.ok) recordRows(item.record, item.at, seqOf(index), sink);
    else issues.push(item.issue);
  });
  return { rows, issues, read, size: items.length };
}

/** A content hash of a record's stored payload: equal hashes mean nothing to update. */
function hashOf(values: readonly unknown[]): string {
  return createHash('sha1').update(JSON.stringify(values)).digest('base64');
}

function withHash(values: readonly unknown[]): unknown[] {
  return [...values, hashOf(values)];
}

const json = (value: unknown): string => JSON.stringify(value);

/**
 * Maps one validated record to the rows of the staging tables, in their column order
 * (stage-tables.ts). `seq` numbers records across the delivery so any row can be traced back.
 */
export function recordRows(record: FeedRecord, at: FeedLocation, seq: number, sink: RowSink): void {
  const loc = [seq, at.file, at.line];
  switch (record.type) {
    case 'establishment':
      sink('establishment', [
        ...loc,
        ...withHash([record.uai, record.name, record.attachedTo, record.contract, record.phone, record.email]),
      ]);
      return;
    case 'mef':
      sink('mef', [...loc, ...withHash([record.uai, record.code, record.label, record.attachedTo, record.stat11])]);
      return;
    case 'subject':
      sink('subject', [...loc, ...withHash([record.uai, record.code, record.label])]);
      return;
    case 'person':
      personRows(record, loc, seq, sink);
      return;
    case 'personLevel':
      sink('personLevel', [...loc, record.uai, record.personId, record.levelKind, record.code]);
      return;
    case 'pupilSubject':
      sink('pupilSubject', [...loc, record.uai, record.personId, record.subjectCode]);
      return;
    case 'group':
      sink('group', [
        ...loc,
        ...withHash([record.uai, record.code, record.label, record.status, json(record.divisions)]),
      ]);
      for (const division of new Set(record.divisions)) sink('groupDivision', [seq, record.uai, record.code, division]);
      return;
    case 'membership':
      sink('membership', [...loc, record.uai, record.personId, record.groupCode]);
      return;
    case 'teaching':
      for (const subject of new Set(record.subjectCodes)) {
        sink('teaching', [...loc, record.uai, record.personId, record.groupCode, record.via, subject]);
      }
      return;
    case 'manager':
      sink('manager', [
        ...loc,
        ...withHash([
          record.personId,
          record.lastName,
          record.firstName,
          record.civility,
          json(record.mails),
          json(record.establishments),
        ]),
      ]);
      for (const uai of new Set(record.establishments)) sink('managerEstablishment', [seq, record.personId, uai]);
      return;
  }
}

function personRows(p: Extract<FeedRecord, { type: 'person' }>, loc: unknown[], seq: number, sink: RowSink): void {
  const profiles = [...new Set(p.profiles.map((x) => `${x.uai}\u0000${x.profile}`))].sort();
  const values = [
    p.personId,
    p.kind,
    p.secondaryId,
    p.birthName,
    p.lastName,
    p.firstName,
    json(p.otherFirstNames),
    p.civility,
    p.structureAttachment,
    p.birthDate,
    json(p.establishments),
    json(p.postCodes),
    json(p.mails),
  ];
  // Profiles live in their own table; they enter the hash so that a change of profile is seen.
  sink('person', [...loc, ...values, hashOf([...values, ...profiles])]);
  for (const pair of profiles) {
    const [uai, profile] = pair.split('\u0000');
    sink('personProfile', [seq, p.personId, uai, profile]);
  }
  const uais = new Set([...p.profiles.map((x) => x.uai), ...p.establishments, ...p.postCodes.map((x) => x.uai)]);
  for (const uai of uais) sink('personUai', [seq, p.personId, uai]);
}
