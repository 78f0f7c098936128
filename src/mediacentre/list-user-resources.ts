/**
 * The médiacentre answer for one user (gar-reference §6): the resources that person may open in
 * that establishment now, decided by the same entitlement rule as the login (`decideEntitlement`
 * on the same facts), so that a resource is listed exactly when a click on it would be let in.
 *
 * | step                                               | refusal                                   |
 * |----------------------------------------------------|-------------------------------------------|
 * | path segments of their form                        | ERR_MEDIACENTRE_PATH_INVALID              |
 * | idENT of the path = the caller's ENT project       | ERR_MEDIACENTRE_ENT_MISMATCH              |
 * | establishment live in the directory                | ERR_MEDIACENTRE_ESTABLISHMENT_UNKNOWN     |
 * | establishment of the caller's ENT project          | ERR_MEDIACENTRE_ESTABLISHMENT_FOREIGN     |
 * | user live in the ENT project                       | ERR_MEDIACENTRE_USER_UNKNOWN              |
 * | user with a profile in the establishment           | ERR_MEDIACENTRE_USER_NOT_IN_ESTABLISHMENT |
 * | each subscribed resource: entitlement allows it, it is in the catalogue and `affichable` |  |
 */
import { fail } from '../core/fail.js';
import { decideEntitlement, toFrenchLocalDateTime, type ResourceDescription } from '../subscriptions/index.js';
import { checkMediacentrePath, type MediacentrePath } from './check-mediacentre-path.js';
import type { MediacentreStore } from './ports.js';

export interface MediacentreQuestion extends MediacentrePath {
  /** The ENT project named by the caller's client certificate. */
  readonly callerEntId: string;
  readonly at: Date;
}

export interface ListUserResourcesDeps {
  readonly store: MediacentreStore;
  /** A resource of the catalogue by id (the composition root may remember them a few seconds). */
  readonly findResource: (idRessource: string) => Promise<ResourceDescription | undefined>;
}

export type ListUserResources = (question: MediacentreQuestion) => Promise<readonly ResourceDescription[]>;

const byName = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });

export function createUserResourceLister(deps: ListUserResourcesDeps): ListUserResources {
  return async (question) => {
    const { entId, uai, personId } = checkMediacentrePath(question);
    if (entId !== question.callerEntId)
      throw fail('ERR_MEDIACENTRE_ENT_MISMATCH', 'Ce projet ENT ne peut interroger que ses propres utilisateurs.');
    const establishment = await deps.store.findEstablishment(uai);
    if (establishment === undefined)
      throw fail('ERR_MEDIACENTRE_ESTABLISHMENT_UNKNOWN', `Établissement inconnu : ${uai}.`);
    if (establishment.entId !== entId)
      throw fail('ERR_MEDIACENTRE_ESTABLISHMENT_FOREIGN', `L’établissement ${uai} n’est pas rattaché à ce projet ENT.`);
    const offer = await deps.store.loadOffer({ entId, personId }, uai);
    if (offer.person === 'unknown')
      throw fail('ERR_MEDIACENTRE_USER_UNKNOWN', 'Utilisateur inconnu dans ce projet ENT.');
    if (offer.person.profiles.length === 0)
      throw fail(
        'ERR_MEDIACENTRE_USER_NOT_IN_ESTABLISHMENT',
        `L’utilisateur n’a pas de profil dans l’établissement ${uai}.`,
      );
    const now = toFrenchLocalDateTime(question.at);
    const profiles = offer.person.profiles;
    const allowed = [...offer.subscriptionsByResource]
      .filter(([, subscriptions]) => decideEntitlement({ profiles, subscriptions }, now).allowed)
      .map(([idRessource]) => idRessource);
    const resources = await Promise.all(allowed.map(deps.findResource));
    return resources
      .filter((r): r is ResourceDescription => r !== undefined && r.affichable !== false)
      .sort((a, b) => byName.compare(a.nomRessource, b.nomRessource) || (a.idRessource < b.idRessource ? -1 : 1));
  };
}
