/**
 * GAR-ENT-Enseignant: staff (teachers, librarians, heads), then the levels they teach (MEF in 2D,
 * MEFSTAT4 in 1D). About one teacher in ten works in two establishments and so carries two
 * profiles, two GARPersonEtab and a post in each.
 */
import type { DeliveryPlan } from './delivery-plan.js';
import type { EstablishmentPlan } from './establishment-plan.js';
import type { RecordValues } from './feed-document-renderer.js';
import { personId, staffIdentity, staffMail } from './person-identity.js';
import type { RecordProducers } from './records-in-spec-order.js';
import { assignTeacher, type TeacherAssignment, type Teaching } from './teacher-assignment.js';

/** Discipline posts of staff who teach no subject (2D): librarians (documentation). */
const librarianPost = 'L0080';
/** 1D speciality of a school head (directeur d'école). */
const headSpeciality = 'DIRECTION ECOLE';

export function enseignantRecords(plan: DeliveryPlan): RecordProducers {
  return {
    *GAREnseignant() {
      for (const [etab, j] of teachersOf(plan)) yield teacher(plan, j, assignTeacher(plan, etab, j));
    },
    *GARPersonMEF() {
      yield* levelRecords(plan, 'GARMEFCode', (level) => level.mef);
    },
    *GARPersonMEFSTAT4() {
      yield* levelRecords(plan, 'GARMEFSTAT4Code', (level) => level.mefstat4);
    },
  };
}

export function* teachersOf(plan: DeliveryPlan): Generator<readonly [EstablishmentPlan, number]> {
  for (const etab of plan.establishments) {
    for (let j = etab.teacherStart; j < etab.teacherStart + etab.teacherCount; j++) yield [etab, j];
  }
}

function teacher(plan: DeliveryPlan, j: number, assignment: TeacherAssignment): RecordValues {
  const person = staffIdentity(plan.seedHash, 'teacher', j);
  const uais = assignment.teachings.map((t) => t.etab.uai);
  const common: RecordValues = {
    GARPersonIdentifiant: person.id,
    GARPersonProfils: assignment.teachings.map((t, x) => ({
      GARStructureUAI: t.etab.uai,
      GARPersonProfil: x === 0 ? assignment.profile : 'National_ens',
    })),
    GARPersonNomPatro: person.birthName ?? undefined,
    GARPersonNom: person.lastName,
    GARPersonPrenom: person.firstName,
    GARPersonAutresPrenoms: person.otherFirstNames,
    GARPersonCivilite: person.civility,
    GARPersonStructRattach: uais[0],
    GARPersonEtab: uais,
    GARPersonDateNaissance: person.birthDate,
  };
  if (plan.degree === '1D') {
    const speciality = (t: Teaching, x: number): string =>
      x === 0 && assignment.profile === 'National_dir' ? headSpeciality : t.etab.type.specialityPost;
    return {
      ...common,
      GAREnsSpecialitesPostes: assignment.teachings.map((t, x) => ({
        GARStructureUAI: t.etab.uai,
        GAREnsSpecialitePosteCode: speciality(t, x),
      })),
    };
  }
  const post = assignment.subject?.post ?? (assignment.profile === 'National_doc' ? librarianPost : null);
  return {
    ...common,
    GAREnsDisciplinesPostes: post
      ? uais.map((uai) => ({ GARStructureUAI: uai, GAREnsDisciplinePosteCode: post }))
      : undefined,
    GARPersonMail: staffMail(person, j, plan.mailDomain),
  };
}

/** One record per establishment and level the teacher has a class or group in. */
function* levelRecords(
  plan: DeliveryPlan,
  child: 'GARMEFCode' | 'GARMEFSTAT4Code',
  codeOf: (level: EstablishmentPlan['type']['levels'][number]) => string,
): Generator<RecordValues> {
  for (const [etab, j] of teachersOf(plan)) {
    const id = personId(plan.seedHash, 'teacher', j);
    for (const t of assignTeacher(plan, etab, j).teachings) {
      const levels = new Set([...t.classes.map((c) => c.level), ...t.groups.map((g) => g.level)]);
      for (const level of [...levels].sort((a, b) => a - b)) {
        yield { GARStructureUAI: t.etab.uai, GARPersonIdentifiant: id, [child]: codeOf(t.etab.type.levels[level]!) };
      }
    }
  }
}
