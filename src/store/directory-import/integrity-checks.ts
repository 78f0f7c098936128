/**
 * Checks across the records of a staged delivery, in dependency order so that a rejection
 * cascades: establishments, then what lives in them, then people, then the links between them.
 * A record whose referent is missing from the delivery is rejected (its own fault); one whose
 * referent was itself rejected is *held* (own = 0): it keeps its previous state and does not
 * count against the refusal threshold.
 */
import type { Kysely } from 'kysely';
import type { DeliveryScope, ImportKind } from '../../directory/index.js';
import { type KindDescriptor, allKinds, kindDescriptor } from './import-kinds.js';
import { countSql, runSql } from './named-sql.js';

interface Reference {
  readonly from: ImportKind;
  /** Extra join to reach the referring value (e.g. a person's establishments), over alias s. */
  readonly via?: { readonly table: string; readonly alias: string };
  /** SQL condition, true when the referent exists among accepted staged records. */
  readonly exists: string;
  /** The referent's kind and the rejected-key condition over alias r. */
  readonly referent: ImportKind;
  readonly rejectedMatch: string;
  readonly detail: string;
}

const establishmentOf = (col: string): Pick<Reference, 'exists' | 'referent' | 'rejectedMatch' | 'detail'> => ({
  exists: `exists (select 1 from stage_establishment e where e.uai = ${col})`,
  referent: 'establishment',
  rejectedMatch: `r.uai = ${col}`,
  detail: 'establishment',
});
const personOf = (col: string): Pick<Reference, 'exists' | 'referent' | 'rejectedMatch' | 'detail'> => ({
  exists: `exists (select 1 from stage_person p where p.person_id = ${col})`,
  referent: 'person',
  rejectedMatch: `r.person_id = ${col}`,
  detail: 'person',
});
const groupOf = (
  uai: string,
  code: string,
  status = '',
): Pick<Reference, 'exists' | 'referent' | 'rejectedMatch' | 'detail'> => ({
  exists: `exists (select 1 from stage_group g where g.uai = ${uai} and g.code = ${code}${status})`,
  referent: 'group',
  rejectedMatch: `r.uai = ${uai} and r.code = ${code}`,
  detail: status === '' ? 'group' : 'division',
});
const codeOf = (
  kind: 'mef' | 'subject',
  table: string,
  code: string,
): Pick<Reference, 'exists' | 'referent' | 'rejectedMatch' | 'detail'> => ({
  exists: `exists (select 1 from ${table} m where m.uai = s.uai and m.code = ${code})`,
  referent: kind,
  rejectedMatch: `r.uai = s.uai and r.code = ${code}`,
  detail: kind,
});

/** Every reference of the feed, in the order they must be checked. */
const references: readonly Reference[] = [
  { from: 'mef', ...establishmentOf('s.uai') },
  { from: 'subject', ...establishmentOf('s.uai') },
  { from: 'group', ...establishmentOf('s.uai') },
  {
    from: 'group',
    via: { table: 'stage_group_division', alias: 'd' },
    ...groupOf('d.uai', 'd.division_code', " and g.status = 'DIVISION'"),
  },
  { from: 'person', via: { table: 'stage_person_uai', alias: 'u' }, ...establishmentOf('u.uai') },
  { from: 'manager', via: { table: 'stage_manager_establishment', alias: 'u' }, ...establishmentOf('u.uai') },
  ...(['personLevel', 'pupilSubject', 'membership', 'teaching'] as const).flatMap((from) => [
    { from, ...establishmentOf('s.uai') },
    { from, ...personOf('s.person_id') },
  ]),
  {
    from: 'personLevel',
    ...codeOf('mef', 'stage_mef', 's.code'),
    exists: `(s.level_kind <> 'MEF' or exists (select 1 from stage_mef m where m.uai = s.uai and m.code = s.code))`,
  },
  { from: 'pupilSubject', ...codeOf('subject', 'stage_subject', 's.subject_code') },
  { from: 'membership', ...groupOf('s.uai', 's.group_code') },
  { from: 'teaching', ...groupOf('s.uai', 's.group_code') },
  { from: 'teaching', ...codeOf('subject', 'stage_subject', 's.subject_code') },
];

function rejectInsert(d: KindDescriptor, errorCode: string, detail: string, own: string): string {
  const [uai, person, code] = d.rejectedKey;
  return `insert into stage_rejected
      (kind, uai, person_id, code, seq, file, line, element, record_id, error_code, detail, own)
    select distinct '${d.kind}', ${uai}, ${person}, ${code}, s.seq, s.file, s.line, ${d.element}, ${d.recordId},
      '${errorCode}', '${detail}', ${own}`;
}

/** Removes from the stage the records just rejected, so later checks see only accepted ones. */
async function dropRejected(db: Kysely<any>, d: KindDescriptor): Promise<void> {
  await runSql(db, `delete from ${d.stage} where seq in (select seq from stage_rejected where kind = '${d.kind}')`);
}

async function rejectDuplicates(db: Kysely<any>, d: KindDescriptor): Promise<void> {
  // Grouping walks the key index in order; probing it once per row costs far more, so the probe
  // below runs only when a duplicate exists (rarely).
  const keys = d.recordKey.join(', ');
  const duplicated = await countSql(
    db,
    `select count(*) as n from (select ${keys} from ${d.stage} group by ${keys} having min(seq) <> max(seq)) x`,
  );
  if (duplicated === 0) return;
  const same = d.recordKey.map((c) => `o.${c} = s.${c}`).join(' and ');
  await runSql(
    db,
    `${rejectInsert(d, 'ERR_FEED_DUPLICATE_KEY', 'key', '1')}
    from ${d.stage} s where exists (select 1 from ${d.stage} o where ${same} and o.seq <> s.seq)`,
  );
  await dropRejected(db, d);
}

async function rejectForeignEstablishments(db: Kysely<any>, scope: DeliveryScope): Promise<void> {
  const d = kindDescriptor('establishment');
  await runSql(
    db,
    `${rejectInsert(d, 'ERR_FEED_FOREIGN_ESTABLISHMENT', 'establishment', '1')}
    from stage_establishment s
    where exists (select 1 from establishment e where e.uai = s.uai and (e.ent_id <> {ent} or e.degree <> {degree}))`,
    { ent: scope.entId, degree: scope.degree },
  );
  await dropRejected(db, d);
}

async function rejectDangling(db: Kysely<any>, ref: Reference): Promise<void> {
  const d = kindDescriptor(ref.from);
  const join = ref.via ? ` join ${ref.via.table} ${ref.via.alias} on ${ref.via.alias}.seq = s.seq` : '';
  const own =
    `case when exists (select 1 from stage_rejected r where r.kind = '${ref.referent}' and ${ref.rejectedMatch})`
    + ' then 0 else 1 end';
  await runSql(
    db,
    `${rejectInsert(d, 'ERR_FEED_DANGLING_REFERENCE', ref.detail, own)}
    from ${d.stage} s${join} where not ${ref.exists}`,
  );
  await dropRejected(db, d);
}

/**
 * True when every reference of a kind holds: one scan proves it, where checking each reference
 * apart scans the table once per reference (most deliveries have no dangling reference). Asked
 * just before the kind's own checks, so that rejections of the kinds it depends on are seen.
 */
async function fullyResolved(db: Kysely<any>, kind: ImportKind): Promise<boolean> {
  const own = references.filter((r) => r.from === kind);
  if (own.some((r) => r.via)) return false;
  const d = kindDescriptor(kind);
  return (
    (await countSql(db, `select count(*) as n from ${d.stage} s where not (${own.map((r) => r.exists).join(' and ')})`))
    === 0
  );
}

export async function runIntegrityChecks(db: Kysely<any>, scope: DeliveryScope): Promise<void> {
  for (const d of allKinds) await rejectDuplicates(db, d);
  await rejectForeignEstablishments(db, scope);
  const decided = new Map<ImportKind, boolean>();
  for (const ref of references) {
    if (!decided.has(ref.from)) decided.set(ref.from, await fullyResolved(db, ref.from));
    if (!decided.get(ref.from)) await rejectDangling(db, ref);
  }
}
