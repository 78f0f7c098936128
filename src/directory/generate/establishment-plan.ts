/**
 * The fixed shape of one establishment: who it is, how its pupils split into levels and classes,
 * and which groups it runs. Pupils and teachers are ranges of global indexes, so a person's class
 * follows from their index by arithmetic and nobody has to be stored.
 */
import type { Degree } from '../feed/feed-spec.js';
import type { GroupTemplate, SchoolSubject, SchoolType } from './school-catalog.js';

export interface ClassPlan {
  readonly code: string;
  readonly label: string;
  readonly level: number;
}

export interface GroupPlan {
  readonly code: string;
  readonly label: string;
  readonly level: number;
  readonly template: GroupTemplate;
  /** Index of the template in its school type, to seed who joins. */
  readonly templateIndex: number;
  /** Codes of the classes (DIVISION) of the same level: GARGroupeDivAppartenance. */
  readonly divisions: readonly string[];
}

export interface EstablishmentShape {
  readonly index: number;
  readonly uai: string;
  readonly name: string;
  readonly type: SchoolType;
  readonly pupilStart: number;
  readonly pupilCount: number;
  readonly teacherStart: number;
  readonly teacherCount: number;
}

export interface EstablishmentPlan extends EstablishmentShape {
  /** Local pupil index where each level starts; one more entry than levels. */
  readonly levelStarts: readonly number[];
  readonly classesByLevel: readonly (readonly ClassPlan[])[];
  readonly classes: readonly ClassPlan[];
  readonly groups: readonly GroupPlan[];
  readonly subjectsByCode: ReadonlyMap<string, SchoolSubject>;
}

/** Pupils per class the generator aims at: French collèges average about 26, écoles about 23. */
const classSize: Readonly<Record<Degree, number>> = { '2D': 28, '1D': 24 };

export function planEstablishment(shape: EstablishmentShape, degree: Degree): EstablishmentPlan {
  const levels = shape.type.levels.length;
  const levelStarts = Array.from({ length: levels + 1 }, (_, l) => Math.floor((shape.pupilCount * l) / levels));
  const classesByLevel = shape.type.levels.map((level, l) => {
    const size = levelStarts[l + 1]! - levelStarts[l]!;
    const count = size === 0 ? 0 : Math.max(1, Math.round(size / classSize[degree]));
    return Array.from(
      { length: count },
      (_, c): ClassPlan => ({
        code: `${level.short}${shape.type.classSeparator}${classLetter(c)}`,
        label: `${level.label} ${classLetter(c)}`,
        level: l,
      }),
    );
  });
  return {
    ...shape,
    levelStarts,
    classesByLevel,
    classes: classesByLevel.flat(),
    groups: planGroups(shape.type, classesByLevel),
    subjectsByCode: new Map(shape.type.subjects.map((s) => [s.code, s])),
  };
}

/** One group per template and level that has classes; it spans every class of that level. */
function planGroups(type: SchoolType, classesByLevel: readonly (readonly ClassPlan[])[]): GroupPlan[] {
  const groups: GroupPlan[] = [];
  type.groups.forEach((template, templateIndex) => {
    for (const l of template.levels) {
      const classes = classesByLevel[l] ?? [];
      if (classes.length === 0) continue;
      const level = type.levels[l]!;
      groups.push({
        code: `${level.short}${template.suffix}`,
        label: `${level.label} ${template.label}`,
        level: l,
        template,
        templateIndex,
        divisions: classes.map((c) => c.code),
      });
    }
  });
  return groups;
}

/** A, B … Z, then A2, B2 …: big lycées run more than 26 classes of a level only in theory. */
function classLetter(index: number): string {
  const letter = String.fromCharCode(65 + (index % 26));
  return index < 26 ? letter : `${letter}${Math.floor(index / 26) + 1}`;
}

/** Level of a pupil from their index within the establishment. */
export function levelOf(plan: EstablishmentPlan, local: number): number {
  let level = 0;
  while (level + 1 < plan.levelStarts.length - 1 && local >= plan.levelStarts[level + 1]!) level++;
  return level;
}

/** Class of a pupil: each level's pupils are dealt into its classes in contiguous runs. */
export function classOf(plan: EstablishmentPlan, local: number, level: number): ClassPlan {
  const start = plan.levelStarts[level]!;
  const size = plan.levelStarts[level + 1]! - start;
  const classes = plan.classesByLevel[level]!;
  return classes[Math.floor(((local - start) * classes.length) / size)]!;
}
