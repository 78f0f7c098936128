/**
 * Everything a delivery is derived from: the seed, the establishments (small: a few thousand
 * plans), and the split of the pupil and teacher index ranges among them. Records are then
 * regenerated from (plan, index) in as many passes as the feed's record order needs.
 */
import { fail } from '../../core/fail.js';
import type { Degree } from '../feed/feed-spec.js';
import { planEstablishment, type EstablishmentPlan } from './establishment-plan.js';
import { parseTimestamp, schoolYearStart } from './feed-timestamp.js';
import { academyDomains, schoolPatrons, schoolTypes, schoolTypeShares, type SchoolType } from './school-catalog.js';
import { SeededRandom, hashString } from './seeded-random.js';
import { makeUai } from './uai-code.js';

export interface PlanInput {
  readonly entId: string;
  readonly degree: Degree;
  readonly establishments: number;
  readonly pupils: number;
  readonly teachers: number;
  readonly seed: string;
  readonly timestamp: string;
  readonly uaiPrefix: string;
}

export interface DeliveryPlan {
  readonly degree: Degree;
  readonly seedHash: number;
  readonly schoolYear: number;
  readonly mailDomain: string;
  readonly establishments: readonly EstablishmentPlan[];
  readonly pupils: number;
  readonly teachers: number;
  /** teacherStarts[e] is establishment e's first teacher; one more entry than establishments. */
  readonly teacherStarts: readonly number[];
}

export function planDelivery(input: PlanInput): DeliveryPlan {
  for (const [name, value] of [
    ['establishments', input.establishments],
    ['pupils', input.pupils],
    ['teachers', input.teachers],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < 0)
      throw fail('ERR_CLI_USAGE', `${name} must be a non-negative integer`);
  }
  if (input.establishments === 0) throw fail('ERR_CLI_USAGE', 'a delivery needs at least one establishment');
  const seedHash = hashString(input.seed);
  const types = Array.from({ length: input.establishments }, (_, e) => pickType(input.degree, seedHash, e));
  const weights = types.map(
    (type, e) => type.weight * (0.5 + new SeededRandom(seedHash, hashString('size'), e).next()),
  );
  const pupilStarts = splitByWeight(input.pupils, weights);
  const teacherStarts = splitByWeight(input.teachers, weights);
  const establishments = types.map((type, e) =>
    planEstablishment(
      {
        index: e,
        uai: makeUai(input.uaiPrefix, e),
        name: schoolName(type, seedHash, e),
        type,
        pupilStart: pupilStarts[e]!,
        pupilCount: pupilStarts[e + 1]! - pupilStarts[e]!,
        teacherStart: teacherStarts[e]!,
        teacherCount: teacherStarts[e + 1]! - teacherStarts[e]!,
      },
      input.degree,
    ),
  );
  return {
    degree: input.degree,
    seedHash,
    schoolYear: schoolYearStart(parseTimestamp(input.timestamp)),
    mailDomain: academyDomains[hashString(`academy:${input.entId}`) % academyDomains.length]!,
    establishments,
    pupils: input.pupils,
    teachers: input.teachers,
    teacherStarts,
  };
}

function pickType(degree: Degree, seedHash: number, e: number): SchoolType {
  let draw = new SeededRandom(seedHash, hashString('type'), e).next();
  const shares = schoolTypeShares[degree];
  for (let t = 0; t < shares.length - 1; t++) {
    draw -= shares[t]!;
    if (draw < 0) return schoolTypes[degree][t]!;
  }
  return schoolTypes[degree][shares.length - 1]!;
}

function schoolName(type: SchoolType, seedHash: number, e: number): string {
  return `${type.name} ${new SeededRandom(seedHash, hashString('patron'), e).pick(schoolPatrons)}`;
}

/** Cumulative split of `total` by weights: start of each share, plus the total at the end. */
function splitByWeight(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const starts = [0];
  let cumulative = 0;
  for (const w of weights.slice(0, -1)) {
    cumulative += w;
    starts.push(Math.floor((total * cumulative) / sum));
  }
  starts.push(total);
  return starts;
}
