/**
 * GAR-ENT-Eleve: pupils, then their levels (MEF in 2D, MEFSTAT4 in 1D), then their optional
 * subjects. Each pass walks the pupil indexes again and re-derives what it needs, instead of
 * keeping a million pupils between passes.
 */
import type { DeliveryPlan } from './delivery-plan.js';
import { levelOf, type EstablishmentPlan } from './establishment-plan.js';
import type { RecordValues } from './feed-document-renderer.js';
import { personId, personIdentity } from './person-identity.js';
import { placePupil } from './pupil-placement.js';
import type { RecordProducers } from './records-in-spec-order.js';

export function eleveRecords(plan: DeliveryPlan): RecordProducers {
  return {
    *GAREleve() {
      for (const [etab, i] of pupilsOf(plan)) yield pupil(plan, etab, i);
    },
    *GARPersonMEF() {
      for (const [etab, i] of pupilsOf(plan)) {
        const level = etab.type.levels[levelOf(etab, i - etab.pupilStart)]!;
        yield {
          GARStructureUAI: etab.uai,
          GARPersonIdentifiant: personId(plan.seedHash, 'pupil', i),
          GARMEFCode: level.mef,
        } satisfies RecordValues;
      }
    },
    *GARPersonMEFSTAT4() {
      for (const [etab, i] of pupilsOf(plan)) {
        const level = etab.type.levels[levelOf(etab, i - etab.pupilStart)]!;
        yield {
          GARStructureUAI: etab.uai,
          GARPersonIdentifiant: personId(plan.seedHash, 'pupil', i),
          GARMEFSTAT4Code: level.mefstat4,
        } satisfies RecordValues;
      }
    },
    *GAREleveEnseignement() {
      for (const [etab, i] of pupilsOf(plan)) {
        const { optionCodes } = placePupil(etab, plan.seedHash, i);
        if (optionCodes.length === 0) continue;
        const id = personId(plan.seedHash, 'pupil', i);
        for (const code of optionCodes) {
          yield { GARStructureUAI: etab.uai, GARPersonIdentifiant: id, GARMatiereCode: code } satisfies RecordValues;
        }
      }
    },
  };
}

/** Every pupil index with its establishment, in establishment order. */
export function* pupilsOf(plan: DeliveryPlan): Generator<readonly [EstablishmentPlan, number]> {
  for (const etab of plan.establishments) {
    for (let i = etab.pupilStart; i < etab.pupilStart + etab.pupilCount; i++) yield [etab, i];
  }
}

function pupil(plan: DeliveryPlan, etab: EstablishmentPlan, i: number): RecordValues {
  const level = etab.type.levels[levelOf(etab, i - etab.pupilStart)]!;
  const person = personIdentity(plan.seedHash, 'pupil', i, plan.schoolYear - level.age);
  return {
    GARPersonIdentifiant: person.id,
    GARPersonProfils: [{ GARStructureUAI: etab.uai, GARPersonProfil: 'National_elv' }],
    GARPersonNom: person.lastName,
    GARPersonPrenom: person.firstName,
    GARPersonAutresPrenoms: person.otherFirstNames,
    GARPersonCivilite: person.civility,
    GARPersonStructRattach: etab.uai,
    GARPersonEtab: etab.uai,
    GARPersonDateNaissance: person.birthDate,
  };
}
