/**
 * GAR-ENT-Groupe: classes and groups, then memberships (pupils, then staff), then (2D) which
 * teacher teaches which subject to which group or class. Pupil memberships come from
 * placePupil, the same function GAR-ENT-Eleve uses, so both files tell the same story.
 */
import type { DeliveryPlan } from './delivery-plan.js';
import { pupilsOf } from './eleve-records.js';
import { teachersOf } from './enseignant-records.js';
import type { RecordValues } from './feed-document-renderer.js';
import { personId } from './person-identity.js';
import { placePupil } from './pupil-placement.js';
import type { RecordProducers } from './records-in-spec-order.js';
import { assignTeacher } from './teacher-assignment.js';

export function groupeRecords(plan: DeliveryPlan): RecordProducers {
  return {
    *GARGroupe() {
      for (const etab of plan.establishments) {
        for (const c of etab.classes) {
          yield {
            GARGroupeCode: c.code,
            GARStructureUAI: etab.uai,
            GARGroupeLibelle: c.label,
            GARGroupeStatut: 'DIVISION',
          } satisfies RecordValues;
        }
        for (const g of etab.groups) {
          yield {
            GARGroupeCode: g.code,
            GARStructureUAI: etab.uai,
            GARGroupeLibelle: g.label,
            GARGroupeStatut: 'GROUPE',
            GARGroupeDivAppartenance: g.divisions,
          } satisfies RecordValues;
        }
      }
    },
    *GARPersonGroupe() {
      yield* pupilMemberships(plan);
      yield* teacherLinks(plan, 'all');
    },
    *GAREnsGroupeMatiere() {
      yield* teacherLinks(plan, 'groups', true);
    },
    *GAREnsClasseMatiere() {
      yield* teacherLinks(plan, 'classes', true);
    },
  };
}

function* pupilMemberships(plan: DeliveryPlan): Generator<RecordValues> {
  for (const [etab, i] of pupilsOf(plan)) {
    const placement = placePupil(etab, plan.seedHash, i);
    const id = personId(plan.seedHash, 'pupil', i);
    yield { GARStructureUAI: etab.uai, GARPersonIdentifiant: id, GARGroupeCode: placement.division.code };
    for (const g of placement.groups)
      yield { GARStructureUAI: etab.uai, GARPersonIdentifiant: id, GARGroupeCode: g.code };
  }
}

/** Staff links to the classes and groups they take, as memberships or with the subject taught. */
function* teacherLinks(
  plan: DeliveryPlan,
  which: 'all' | 'groups' | 'classes',
  withSubject = false,
): Generator<RecordValues> {
  for (const [etab, j] of teachersOf(plan)) {
    const id = personId(plan.seedHash, 'teacher', j);
    for (const t of assignTeacher(plan, etab, j).teachings) {
      if (withSubject && !t.subject) continue;
      const codes = [
        ...(which === 'groups' ? [] : t.classes.map((c) => c.code)),
        ...(which === 'classes' ? [] : t.groups.map((g) => g.code)),
      ];
      for (const code of codes) {
        yield withSubject
          ? {
              GARStructureUAI: t.etab.uai,
              GARPersonIdentifiant: id,
              GARGroupeCode: code,
              GARMatiereCode: t.subject!.code,
            }
          : { GARStructureUAI: t.etab.uai, GARPersonIdentifiant: id, GARGroupeCode: code };
      }
    }
  }
}
