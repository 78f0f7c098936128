/**
 * GAR-ENT-RespAff: one or two licence managers per establishment. The first is its head; the
 * second, in half the schools, usually another member of its staff (same GARPersonIdentifiant as
 * in GAR-ENT-Enseignant) and otherwise someone the ENT knows only as a manager.
 */
import type { DeliveryPlan } from './delivery-plan.js';
import type { EstablishmentPlan } from './establishment-plan.js';
import type { RecordValues } from './feed-document-renderer.js';
import { staffIdentity, staffMail } from './person-identity.js';
import type { RecordProducers } from './records-in-spec-order.js';
import { hashString, unitHash } from './seeded-random.js';

const secondDomain = hashString('respaff:second');
const staffDomain = hashString('respaff:staff');

export function respAffRecords(plan: DeliveryPlan): RecordProducers {
  return {
    *GARRespAff() {
      for (const etab of plan.establishments) {
        yield manager(plan, etab, 0);
        if (unitHash(plan.seedHash, secondDomain, etab.index) < 0.5) yield manager(plan, etab, 1);
      }
    },
  };
}

/** Slot 0 is the head when the school has staff; slot 1 is its second staff member 80% of the time. */
function manager(plan: DeliveryPlan, etab: EstablishmentPlan, slot: 0 | 1): RecordValues {
  const isStaff = etab.teacherCount > slot && (slot === 0 || unitHash(plan.seedHash, staffDomain, etab.index) < 0.8);
  const index = isStaff ? etab.teacherStart + slot : 2 * etab.index + slot;
  const person = staffIdentity(plan.seedHash, isStaff ? 'teacher' : 'manager', index);
  return {
    GARPersonIdentifiant: person.id,
    GARPersonNom: person.lastName,
    GARPersonPrenom: person.firstName,
    GARPersonCivilite: person.civility,
    GARPersonMail: staffMail(person, index, plan.mailDomain),
    GARRespAffEtab: etab.uai,
  };
}
