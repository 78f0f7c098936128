/**
 * The one check both decisions start with: the versions are of ONE resource, the version exists,
 * and it is still `submitted` (a decision is final).
 */
import { fail } from '../core/fail.js';
import type { ContractVersion } from './contract.js';

export function submittedVersion(
  versions: readonly ContractVersion[],
  version: number,
  decision: 'approuvée' | 'refusée',
): ContractVersion {
  const resources = new Set(versions.map((v) => v.document.idRessource));
  if (resources.size > 1) {
    throw fail(
      'ERR_CONTRACT_STATE',
      'Les versions données ne sont pas celles d’une seule ressource.',
      `${resources.size} resources`,
    );
  }
  const target = versions.find((v) => v.document.version === version);
  if (target === undefined) throw fail('ERR_CONTRACT_UNKNOWN', `Aucune version ${version} de ce contrat.`);
  if (target.status !== 'submitted') {
    throw fail(
      'ERR_CONTRACT_STATE',
      `La version ${version} du contrat est « ${target.status} » : seule une version soumise peut être ${decision}.`,
    );
  }
  return target;
}
