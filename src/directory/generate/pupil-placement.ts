/**
 * Where a pupil sits: level, class, groups joined and optional subjects, all derived from the
 * pupil's global index. GAR-ENT-Eleve and GAR-ENT-Groupe both call this, so memberships always
 * name the class and groups the pupil's own records imply.
 */
import { classOf, levelOf, type ClassPlan, type EstablishmentPlan, type GroupPlan } from './establishment-plan.js';
import { hashString, unitHash } from './seeded-random.js';

export interface PupilPlacement {
  readonly level: number;
  readonly division: ClassPlan;
  readonly groups: readonly GroupPlan[];
  /** Subjects the pupil opted for (GAREleveEnseignement): second language, group subjects. */
  readonly optionCodes: readonly string[];
}

const lv2Domain = hashString('pupil:lv2');
const groupDomains = Array.from({ length: 8 }, (_, t) => hashString(`pupil:group:${t}`));

export function placePupil(etab: EstablishmentPlan, seedHash: number, index: number): PupilPlacement {
  const local = index - etab.pupilStart;
  const level = levelOf(etab, local);
  const groups = etab.groups.filter(
    (g) =>
      g.level === level
      && unitHash(seedHash, groupDomains[g.templateIndex % groupDomains.length]!, index) < g.template.share,
  );
  const optionCodes: string[] = [];
  const lv2 = etab.type.lv2;
  if (lv2?.levels.includes(level)) {
    optionCodes.push(unitHash(seedHash, lv2Domain, index) < lv2.share ? lv2.codes[0] : lv2.codes[1]);
  }
  for (const group of groups) {
    if (group.template.subjectCode) optionCodes.push(group.template.subjectCode);
  }
  return { level, division: classOf(etab, local, level), groups, optionCodes };
}
