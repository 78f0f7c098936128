/** GAR-ENT-Etab: establishments, then (2D) the MEFs and subjects each one declares. */
import type { DeliveryPlan } from './delivery-plan.js';
import type { RecordProducers } from './records-in-spec-order.js';
import type { RecordValues } from './feed-document-renderer.js';
import { SeededRandom, hashString } from './seeded-random.js';

const phoneDomain = hashString('etab:phone');

export function etabRecords(plan: DeliveryPlan): RecordProducers {
  return {
    *GAREtab() {
      for (const etab of plan.establishments) {
        const rng = new SeededRandom(plan.seedHash, phoneDomain, etab.index);
        yield {
          GARStructureUAI: etab.uai,
          GARStructureNomCourant: etab.name,
          // Most schools are public (PU); private ones under contract (PR).
          GARStructureContrat: rng.chance(0.85) ? 'PU' : 'PR',
          GARStructureTelephone: `+33 ${1 + rng.int(5)} ${pairs(rng, 4)}`,
          GARStructureEmail: `ce.${etab.uai.toLowerCase()}@${plan.mailDomain}`,
        } satisfies RecordValues;
      }
    },
    *GARMEF() {
      for (const etab of plan.establishments) {
        for (const level of etab.type.levels) {
          yield {
            GARStructureUAI: etab.uai,
            GARMEFCode: level.mef,
            GARMEFLibelle: level.label,
            GARMEFSTAT11: level.stat11,
          } satisfies RecordValues;
        }
      }
    },
    *GARMatiere() {
      for (const etab of plan.establishments) {
        for (const subject of etab.type.subjects) {
          yield {
            GARStructureUAI: etab.uai,
            GARMatiereCode: subject.code,
            GARMatiereLibelle: subject.label,
          } satisfies RecordValues;
        }
      }
    },
  };
}

function pairs(rng: SeededRandom, count: number): string {
  return Array.from({ length: count }, () => String(rng.int(100)).padStart(2, '0')).join(' ');
}
