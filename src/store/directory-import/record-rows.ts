import { createHash } from 'node:crypto';
import type { FeedRecord, FeedLocation } from '../../directory/index.js';
import type { StageTableName } from './stage-tables.js';

type Row = readonly unknown[];
export type RowSink = (table: StageTableName, row: Row) => void;

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
      sink('establishment', [...loc, ...withHash([record.uai, record.name, record.attachedTo, record.contract, record.phone, record.email])]);
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
      sink('group', [...loc, ...withHash([record.uai, record.code, record.label, record.status, json(record.divisions)])]);
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
      sink('manager', [...loc, ...withHash([record.personId, record.lastName, record.firstName, record.civility, json(record.mails), json(record.establishments)])]);
      for (const uai of new Set(record.establishments)) sink('managerEstablishment', [seq, record.personId, uai]);
      return;
  }
}

function personRows(p: Extract<FeedRecord, { type: 'person' }>, loc: unknown[], seq: number, sink: RowSink): void {
  const profiles = [...new Set(p.profiles.map((x) => `${x.uai}\u0000${x.profile}`))].sort();
  const values = [
    p.personId, p.kind, p.secondaryId, p.birthName, p.lastName, p.firstName, json(p.otherFirstNames),
    p.civility, p.structureAttachment, p.birthDate, json(p.establishments), json(p.postCodes), json(p.mails),
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
