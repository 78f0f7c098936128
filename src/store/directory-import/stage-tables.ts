/**
 * The staging tables of one delivery (temporary: private to the import's connection, gone with it).
 * Each row remembers where it came from (seq, file, line) so that checks across records can report
 * the exact record. Indexes are created after loading, which is faster than maintaining them.
 */
import { stagingRowColumns, type StagingRowTable } from '../../directory/index.js';

export interface StageTable {
  readonly name: string;
  readonly columns: readonly string[];
  readonly indexes: readonly (readonly string[])[];
}

/** Indexes of each staging table (created once loaded): natural keys, and what checks join on. */
const stagingIndexes: Readonly<Record<StagingRowTable, readonly (readonly string[])[]>> = {
  establishment: [['uai']],
  mef: [['uai', 'code']],
  subject: [['uai', 'code']],
  person: [['person_id']],
  personProfile: [['person_id', 'uai', 'profile']],
  personUai: [['uai']],
  personLevel: [['uai', 'person_id', 'level_kind', 'code']],
  pupilSubject: [['uai', 'person_id', 'subject_code']],
  group: [['uai', 'code']],
  groupDivision: [['seq']],
  membership: [['uai', 'person_id', 'group_code']],
  teaching: [['uai', 'person_id', 'group_code', 'via', 'subject_code']],
  manager: [['person_id']],
  managerEstablishment: [['person_id', 'uai']],
};

const snake = (name: string): string => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

const rowTables = Object.fromEntries(
  (Object.keys(stagingRowColumns) as StagingRowTable[]).map((name) => [
    name,
    {
      name: `stage_${snake(name)}`,
      columns: stagingRowColumns[name],
      indexes: stagingIndexes[name],
    },
  ]),
) as unknown as Record<StagingRowTable, StageTable>;

export const stageTables = {
  ...rowTables,
  rejected: {
    name: 'stage_rejected',
    columns: [
      'kind',
      'uai',
      'person_id',
      'code',
      'seq',
      'file',
      'line',
      'element',
      'record_id',
      'error_code',
      'detail',
      'own',
    ],
    indexes: [
      ['kind', 'person_id'],
      ['kind', 'uai', 'code'],
      ['kind', 'seq'],
    ],
  } as StageTable,
  touched: { name: 'stage_touched', columns: ['kind', 'person_id'], indexes: [['kind', 'person_id']] } as StageTable,
};

export type StageTableName = keyof typeof stageTables;

const integerColumns = new Set(['seq', 'line', 'own']);

export function createTableSql(table: StageTable): string {
  const columns = table.columns.map((c) => `${c} ${integerColumns.has(c) ? 'integer' : 'text'}`).join(', ');
  return `create temporary table ${table.name} (${columns})`;
}

export function createIndexSql(table: StageTable): string[] {
  // Every located table is also reached by seq (dropping rejected records, joining children).
  const all =
    table.columns.includes('seq') && !table.indexes.some((c) => c.length === 1 && c[0] === 'seq')
      ? [...table.indexes, ['seq']]
      : table.indexes;
  return all.map((cols, i) => `create index ${table.name}_i${i} on ${table.name} (${cols.join(', ')})`);
}
