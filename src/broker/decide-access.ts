/**
 * The two questions of every access, asked in this order and logged as one decision each, with
 * the correlation id and without personal data:
 * 1. may this person open this resource in this establishment now (subscriptions' entitlement)?
 * 2. what does the resource receive (directory → contract → attribute filter → pseudonyms)?
 */
import { filterRelease, globalPseudonymScope, ido, type EffectiveContract } from '../attribute-filter/index.js';
import { fail } from '../core/fail.js';
import type { ResourceDescription } from '../subscriptions/index.js';
import type { AssertionAttribute } from '../trust/index.js';
import type { LoginContext } from './login-context.js';
import type { LoginDeps } from './login-deps.js';

export interface Person {
  readonly entId: string;
  readonly personId: string;
}

/**
 * Throws ERR_LOGIN_NOT_ENTITLED (with the rule's reason in the log) or ERR_LOGIN_NO_CONTRACT;
 * returns the approved contract, which the release then uses (read once per access).
 */
export async function checkAccess(deps: LoginDeps, ctx: LoginContext, person: Person, uai: string, resource: ResourceDescription): Promise<EffectiveContract> {
  const decision = await deps.entitlement({ person, uai, idRessource: resource.idRessource, at: ctx.now });
  if (!decision.allowed) {
    ctx.log.info({ event: 'login.denied', reason: decision.reason, idRessource: resource.idRessource, uai, entId: person.entId });
    throw fail('ERR_LOGIN_NOT_ENTITLED', `La ressource « ${resource.nomRessource} » ne vous est pas affectée dans cet établissement.`, decision.reason);
  }
  const contract = await deps.contracts.effectiveContract(resource.idRessource);
  if (contract === undefined || contract.status !== 'approved') {
    ctx.log.warn({ event: 'login.denied', reason: 'NO_CONTRACT', idRessource: resource.idRessource });
    throw fail('ERR_LOGIN_NO_CONTRACT', `La ressource « ${resource.nomRessource} » n'est pas encore ouverte : son contrat n'est pas approuvé.`);
  }
  return contract;
}

/** The first of the person's establishments where the resource is allowed; else the first one (its denial is the one shown). */
export async function chooseEstablishment(deps: LoginDeps, ctx: LoginContext, person: Person, resource: ResourceDescription): Promise<string> {
  const establishments = await deps.people.establishmentsOf(person.entId, person.personId);
  for (const uai of establishments) {
    const decision = await deps.entitlement({ person, uai, idRessource: resource.idRessource, at: ctx.now });
    if (decision.allowed) return uai;
  }
  const first = establishments[0];
  if (first === undefined) throw unknownUser(person);
  return first;
}

export function unknownUser(person: Person): Error {
  return fail('ERR_LOGIN_USER_UNKNOWN', "Votre compte n'est pas (ou plus) connu du service pour cet ENT : votre établissement doit le transmettre dans son annuaire.", `entId=${person.entId}`);
}

/** The Release as assertion attributes (GAR names). Throws ERR_LOGIN_USER_UNKNOWN or ERR_LOGIN_NO_CONTRACT. */
export async function releaseFor(
  deps: LoginDeps, ctx: LoginContext, person: Person, uai: string, resource: ResourceDescription, contract: EffectiveContract,
): Promise<readonly AssertionAttribute[]> {
  const resolved = await deps.people.resolvePerson(person.entId, person.personId, uai);
  if (resolved === undefined) throw unknownUser(person);
  const key = deps.pseudonymKey;
  if (key === undefined) throw fail('ERR_LOGIN_NOT_CONFIGURED', 'Le service de connexion n\'est pas encore configuré.', 'pseudonyms.secret is not set');
  const scope = deps.pseudonymScope === 'global' ? globalPseudonymScope : resource.distributeurTech.id;
  const release = filterRelease(resolved.attributes, contract, {
    ido: ido(key, { entId: person.entId, entUserId: person.personId, scope }), uai, profile: resolved.profile,
  });
  if (release.kind === 'denied') throw fail('ERR_LOGIN_NO_CONTRACT', `La ressource « ${resource.nomRessource} » n'est pas encore ouverte : son contrat n'est pas approuvé.`);
  ctx.log.info({
    event: 'login.released', idRessource: resource.idRessource, contractVersion: release.contractVersion, uai, codes: Object.keys(release.attributes),
  });
  return Object.entries(release.attributes).map(([name, values]) => ({ name, values: values ?? [] }));
}
