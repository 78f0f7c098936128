/**
 * An assignment target ↔ the columns of its row: the kind, the group/MEF/subject code or the
 * person, and the audience it draws from.
 */
import type { Selectable } from 'kysely';
import type { AssignmentTarget, Audience } from '../../subscriptions/index.js';
import type { AssignmentTable } from '../database-schema.js';

export type AssignmentRow = Selectable<AssignmentTable>;

export function targetColumns(target: AssignmentTarget) {
  switch (target.kind) {
    case 'person':
      return {
        target_kind: target.kind,
        target_code: null,
        target_ent_id: target.entId,
        target_person_id: target.personId,
      };
    case 'profile':
      return { target_kind: target.kind, target_code: null, target_ent_id: null, target_person_id: null };
    default:
      return { target_kind: target.kind, target_code: target.code, target_ent_id: null, target_person_id: null };
  }
}

export function targetOfRow(row: AssignmentRow): AssignmentTarget {
  const code = row.target_code ?? '';
  switch (row.target_kind) {
    case 'person':
      return { kind: 'person', entId: row.target_ent_id ?? '', personId: row.target_person_id ?? '' };
    case 'class':
    case 'group':
      return { kind: row.target_kind, code, audience: row.audience as 'ELEVE' | 'ENSEIGNANT' };
    case 'level':
    case 'subject':
      return { kind: row.target_kind, code };
    default:
      return { kind: 'profile', audience: row.audience as Audience };
  }
}
