/**
 * A subscription as the distributor sent it ↔ its row. Counts are stored as integers (-1 for
 * ILLIMITE, null when not given) so that the CHECK constraints can compare them with the
 * `used_*` counters; the school year is kept beside the effective end it implies.
 */
import type { Insertable, Selectable } from 'kysely';
import type {
  Audience,
  AssignmentCategory,
  AssignmentType,
  LicenceCount,
  LicenceCounts,
  LicenceUsage,
  SubscriptionCreation,
  SubscriptionEnd,
  SubscriptionRecord,
} from '../../subscriptions/index.js';
import type { SubscriptionTable } from '../database-schema.js';

type Row = Selectable<SubscriptionTable>;

/** The columns a create or an update sets (the key, uai, counters and created_at aside). */
export function subscriptionColumns(input: Omit<SubscriptionCreation, 'uaiEtab'>) {
  return {
    commercial_distributor_id: input.idDistributeurCom,
    resource_id: input.idRessource,
    resource_id_type: input.typeIdRessource,
    resource_label: input.libelleRessource,
    comment: input.commentaireAbonnement ?? null,
    valid_from: input.debutValidite,
    valid_until: input.fin.finValidite,
    end_school_year: input.fin.kind === 'schoolYear' ? input.fin.anneeFinValidite : null,
    category: input.categorieAffectation,
    assignment_type: input.typeAffectation,
    ...countColumns(input.licences),
    audiences: JSON.stringify(input.publicCible),
    project_code: input.codeProjetRessource ?? null,
  };
}

export function newSubscriptionRow(
  distributorId: string,
  input: SubscriptionCreation,
  at: string,
): Insertable<SubscriptionTable> {
  return {
    distributor_id: distributorId,
    id: input.idAbonnement,
    uai: input.uaiEtab,
    ...subscriptionColumns(input),
    created_at: at,
    updated_at: at,
  };
}

export function countColumns(licences: LicenceCounts) {
  if (licences.kind === 'global') {
    return {
      licences_global: toInteger(licences.nbLicenceGlobale),
      licences_pupil: null,
      licences_teacher: null,
      licences_librarian: null,
      licences_other: null,
    };
  }
  return {
    licences_global: null,
    licences_pupil: toInteger(licences.nbLicenceEleve),
    licences_teacher: toInteger(licences.nbLicenceEnseignant),
    licences_librarian: toInteger(licences.nbLicenceProfDoc),
    licences_other: toInteger(licences.nbLicenceAutrePersonnel),
  };
}

const toInteger = (count: LicenceCount): number => (count === 'ILLIMITE' ? -1 : count);
const toCount = (value: number | null): LicenceCount => (value === null || value < 0 ? 'ILLIMITE' : value);

export function subscriptionOfRow(row: Row): SubscriptionRecord {
  const fin: SubscriptionEnd =
    row.end_school_year === null
      ? { kind: 'date', finValidite: row.valid_until }
      : { kind: 'schoolYear', anneeFinValidite: row.end_school_year, finValidite: row.valid_until };
  const licences: LicenceCounts =
    row.licences_global !== null
      ? { kind: 'global', nbLicenceGlobale: toCount(row.licences_global) }
      : {
          kind: 'perAudience',
          nbLicenceEnseignant: toCount(row.licences_teacher),
          nbLicenceEleve: toCount(row.licences_pupil),
          nbLicenceProfDoc: toCount(row.licences_librarian),
          nbLicenceAutrePersonnel: toCount(row.licences_other),
        };
  const subscription: SubscriptionCreation = {
    idAbonnement: row.id,
    ...(row.comment === null ? {} : { commentaireAbonnement: row.comment }),
    idDistributeurCom: row.commercial_distributor_id,
    idRessource: row.resource_id,
    typeIdRessource: row.resource_id_type,
    libelleRessource: row.resource_label,
    debutValidite: row.valid_from,
    fin,
    uaiEtab: row.uai,
    categorieAffectation: row.category as AssignmentCategory,
    typeAffectation: row.assignment_type as AssignmentType,
    licences,
    publicCible: JSON.parse(row.audiences) as Audience[],
    ...(row.project_code === null ? {} : { codeProjetRessource: row.project_code }),
  };
  return {
    distributorId: row.distributor_id,
    subscription,
    usage: usageOfRow(row),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function usageOfRow(
  row: Pick<Row, 'used_global' | 'used_pupil' | 'used_teacher' | 'used_librarian' | 'used_other'>,
): LicenceUsage {
  return {
    global: row.used_global,
    pupil: row.used_pupil,
    teacher: row.used_teacher,
    librarian: row.used_librarian,
    other: row.used_other,
  };
}
