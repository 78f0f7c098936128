/**
 * The staging tables of one delivery (temporary: private to the import's connection, gone with it).
 * Each row remembers where it came from (seq, file, line) so that checks across records can report
 * the exact record. Indexes are created after loading, which is faster than maintaining them.
 */
export interface StageTable {
  readonly name: string;
  readonly columns: readonly string[];
  readonly indexes: readonly (readonly string[])[];
}

const located = ['seq', 'file', 'line'];

export const stageTables = {
  establishment: {
    name: 'stage_establishment',
    columns: [...located, 'uai', 'name', 'attached_to', 'contract', 'phone', 'email', 'record_hash'],
    indexes: [['uai']],
  },
  mef: { name: 'stage_mef', columns: [...located, 'uai', 'code', 'label', 'attached_to', 'stat11', 'record_hash'], indexes: [['uai', 'code']] },
  subject: { name: 'stage_subject', columns: [...located, 'uai', 'code', 'label', 'record_hash'], indexes: [['uai', 'code']] },
  person: {
    name: 'stage_person',
    columns: [...located, 'person_id', 'kind', 'secondary_id', 'birth_name', 'last_name', 'first_name', 'other_first_names',
      'civility', 'structure_attachment', 'birth_date', 'establishments', 'post_codes', 'mails', 'record_hash'],
    indexes: [['person_id']],
  },
  personProfile: { name: 'stage_person_profile', columns: ['seq', 'person_id', 'uai', 'profile'], indexes: [['person_id', 'uai', 'profile']] },
  personUai: { name: 'stage_person_uai', columns: ['seq', 'person_id', 'uai'], indexes: [['uai']] },
  personLevel: { name: 'stage_person_level', columns: [...located, 'uai', 'person_id', 'level_kind', 'code'], indexes: [['uai', 'person_id', 'level_kind', 'code'], ['person_id']] },
  pupilSubject: { name: 'stage_pupil_subject', columns: [...located, 'uai', 'person_id', 'subject_code'], indexes: [['uai', 'person_id', 'subject_code'], ['person_id']] },
  group: { name: 'stage_group', columns: [...located, 'uai', 'code', 'label', 'status', 'divisions', 'record_hash'], indexes: [['uai', 'code']] },
  groupDivision: { name: 'stage_group_division', columns: ['seq', 'uai', 'group_code', 'division_code'], indexes: [['seq']] },
  membership: { name: 'stage_membership', columns: [...located, 'uai', 'person_id', 'group_code'], indexes: [['uai', 'person_id', 'group_code'], ['person_id']] },
  teaching: { name: 'stage_teaching', columns: [...located, 'uai', 'person_id', 'group_code', 'via', 'subject_code'], indexes: [['uai', 'person_id', 'group_code', 'via', 'subject_code'], ['person_id']] },
  manager: { name: 'stage_manager', columns: [...located, 'person_id', 'last_name', 'first_name', 'civility', 'mails', 'establishments', 'record_hash'], indexes: [['person_id']] },
  managerEstablishment: { name: 'stage_manager_establishment', columns: ['seq', 'person_id', 'uai'], indexes: [['person_id', 'uai']] },
  rejected: {
    name: 'stage_rejected',
    columns: ['kind', 'uai', 'person_id', 'code', 'seq', 'file', 'line', 'element', 'record_id', 'error_code', 'detail', 'own'],
    indexes: [['kind', 'person_id'], ['kind', 'uai', 'code'], ['kind', 'seq']],
  },
  touched: { name: 'stage_touched', columns: ['kind', 'person_id'], indexes: [['kind', 'person_id']] },
} as const satisfies Record<string, StageTable>;

export type StageTableName = keyof typeof stageTables;

const integerColumns = new Set(['seq', 'line', 'own']);

export function createTableSql(table: StageTable): string {
  const columns = table.columns.map((c) => `${c} ${integerColumns.has(c) ? 'integer' : 'text'}`).join(', ');
  return `create temporary table ${table.name} (${columns})`;
}

export function createIndexSql(table: StageTable): string[] {
  // Every located table is also reached by seq (dropping rejected records, joining children).
  const all = table.columns.includes('seq') && !table.indexes.some((c) => c.length === 1 && c[0] === 'seq')
    ? [...table.indexes, ['seq']] : table.indexes;
  return all.map((cols, i) => `create index ${table.name}_i${i} on ${table.name} (${cols.join(', ')})`);
}
