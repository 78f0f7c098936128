/**
 * What a member of staff does, derived from their index: role (head, librarian, teacher), the
 * subject they teach, the classes and groups they take, and, for about one in ten, a second
 * establishment. Teachers of a subject share its classes round-robin, so each class of a level
 * gets one teacher per subject when the school has enough staff.
 */
import type { Degree } from '../feed/feed-spec.js';
import type { Profile } from '../feed/feed-records.js';
import type { DeliveryPlan } from './delivery-plan.js';
import type { ClassPlan, EstablishmentPlan, GroupPlan } from './establishment-plan.js';
import type { SchoolSubject } from './school-catalog.js';
import { hashString, unitHash } from './seeded-random.js';

export interface Teaching {
  readonly etab: EstablishmentPlan;
  /** Classes and groups taught there, with the subject (null in 1D, which has no subjects). */
  readonly classes: readonly ClassPlan[];
  readonly groups: readonly GroupPlan[];
  readonly subject: SchoolSubject | null;
}

export interface TeacherAssignment {
  readonly profile: Profile;
  readonly subject: SchoolSubject | null;
  /** Primary establishment first, then the second one when there is one. */
  readonly teachings: readonly Teaching[];
}

const secondDomain = hashString('teacher:second');
const secondEtabDomain = hashString('teacher:second-etab');
const secondClassDomain = hashString('teacher:second-class');
/** Share of teachers who also work in a second establishment. */
const secondShare = 0.1;

export function assignTeacher(plan: DeliveryPlan, etab: EstablishmentPlan, j: number): TeacherAssignment {
  const local = j - etab.teacherStart;
  const staff = nonTeachingStaff(plan.degree, etab.teacherCount);
  const profile: Profile = local === 0 ? 'National_dir' : local < staff ? 'National_doc' : 'National_ens';
  const primary =
    plan.degree === '1D'
      ? teachPrimarySchool(etab, local)
      : local < staff
        ? { etab, classes: [], groups: [], subject: null }
        : teachSecondary(etab, local - staff, etab.teacherCount - staff);
  const teachings = [primary];
  const n = plan.establishments.length;
  if (profile === 'National_ens' && n > 1 && unitHash(plan.seedHash, secondDomain, j) < secondShare) {
    const other =
      plan.establishments[(etab.index + 1 + Math.floor(unitHash(plan.seedHash, secondEtabDomain, j) * (n - 1))) % n]!;
    teachings.push(teachElsewhere(plan, other, primary.subject, j));
  }
  return { profile, subject: primary.subject, teachings };
}

/** 2D: the head (and, in bigger schools, the librarian) teach no class; in 1D the head does. */
function nonTeachingStaff(degree: Degree, teacherCount: number): number {
  if (degree === '1D') return teacherCount > 0 ? 1 : 0;
  return teacherCount >= 8 ? 2 : Math.min(1, teacherCount);
}

function teachSecondary(etab: EstablishmentPlan, m: number, teaching: number): Teaching {
  const subjects = etab.type.subjects;
  const s = m % subjects.length;
  const rank = Math.floor(m / subjects.length);
  const colleagues = Math.floor((teaching - 1 - s) / subjects.length) + 1;
  const subject = subjects[s]!;
  const mine = <T>(items: readonly T[]): T[] => items.filter((_, x) => x % colleagues === rank);
  return subject.byGroup
    ? { etab, subject, classes: [], groups: mine(etab.groups.filter((g) => g.template.subjectCode === subject.code)) }
    : { etab, subject, classes: mine(eligibleClasses(etab, subject)), groups: [] };
}

/** 1D: one teacher per class, dealt round-robin; spare teachers back up a class; the head leads the groups. */
function teachPrimarySchool(etab: EstablishmentPlan, local: number): Teaching {
  const classes = etab.classes.filter((_, c) => c % etab.teacherCount === local);
  if (classes.length === 0 && etab.classes.length > 0) classes.push(etab.classes[local % etab.classes.length]!);
  return { etab, subject: null, classes, groups: local === 0 ? etab.groups : [] };
}

/** In the second establishment: one class of the same subject, when that school teaches it. */
function teachElsewhere(
  plan: DeliveryPlan,
  etab: EstablishmentPlan,
  subject: SchoolSubject | null,
  j: number,
): Teaching {
  const local = subject ? etab.subjectsByCode.get(subject.code) : undefined;
  const eligible = plan.degree === '1D' ? etab.classes : local && !local.byGroup ? eligibleClasses(etab, local) : [];
  const pick = eligible[Math.floor(unitHash(plan.seedHash, secondClassDomain, j) * eligible.length)];
  return { etab, subject: local ?? null, classes: pick ? [pick] : [], groups: [] };
}

function eligibleClasses(etab: EstablishmentPlan, subject: SchoolSubject): readonly ClassPlan[] {
  return subject.levels ? etab.classes.filter((c) => subject.levels!.includes(c.level)) : etab.classes;
}
