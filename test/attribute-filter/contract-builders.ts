/** Contract versions for the attribute-filter tests: a submitted or approved version in one line. */
import type {
  ContractStatus,
  ContractVersion,
  EffectiveContract,
  RequestableCode,
} from '../../src/attribute-filter/index.js';

export const resourceId = 'ark:/86527/m6e-maths';

export function contractVersion(
  version: number,
  status: ContractStatus,
  attributs: readonly RequestableCode[] = ['NOM'],
  idRessource = resourceId,
): ContractVersion {
  return {
    document: { idRessource, version, finalite: 'Conserver les exercices de l’élève.', attributs },
    status,
    submittedAt: `2025-09-0${Math.min(version, 9)}T08:00:00.000Z`,
  };
}

export function approved(
  attributs: readonly RequestableCode[],
  version = 1,
  idRessource = resourceId,
): EffectiveContract {
  return { ...contractVersion(version, 'approved', attributs, idRessource), status: 'approved' };
}
