/**
 * The access decision: may this person open this resource, in which establishment, and what does
 * the resource receive. Every downstream protocol enters the broker the same way: federation reads
 * the publisher's request, the broker finds the session and decides here, federation answers; so
 * every protocol reaches the same answer for the same click:
 *
 * | step    | SAML `/saml/idp/sso`      | OIDC `/oidc/interaction/<uid>`    | CAS `/cas/login`                 |
 * |---------|---------------------------|-----------------------------------|----------------------------------|
 * | read    | readPublisherRequest      | readOidcInteraction (oidc-routes) | the registered service, exact    |
 * | session | sessionForEntry, unless   | sessionForEntry, fresh enough     | sessionForEntry, unless `renew`; |
 * |         | ForceAuthn; else the ENT  | for prompt=login; else the ENT    | else the ENT                     |
 * | decide  | chooseResource →          | chooseResource →                  | registeredResource →             |
 * |         | decideAccess              | decideAccess                      | admitAccess                      |
 * | answer  | answerPublisher           | finishOidcInteraction             | a ticket; at its validation:     |
 * |         | (answer-service-provider) | (oidc-routes)                     | decideAccessAt → CAS response    |
 *
 * OIDC chooses its resource before the session, so that a foreign or unknown one is refused before
 * any ENT round trip. Without a usable session each entry goes to the ENT (login-at-ent.ts) and is
 * decided and answered afterwards (continue-after-ent.ts) by the same steps. A médiacentre click
 * names its establishment and only asks step 3 (checkLicence) before the resource's URL.
 *
 * | step                   | rule                                                       | refusal                     |
 * |------------------------|------------------------------------------------------------|-----------------------------|
 * | 1. which resource      | the one the request names (OIDC `idRessource`, the CAS     | ERR_LOGIN_RESOURCE_UNKNOWN, |
 * |                        | service's), else the click's (access intent) when it is    | ERR_OIDC_RESOURCE_FORBIDDEN,|
 * |                        | the partner's, else the partner's only one                 | `ambiguous`                 |
 * | 2. which establishment | the click's (its intent names this resource), else the     | ERR_LOGIN_USER_UNKNOWN      |
 * |                        | session's, else the first that allows it, else the first   |                             |
 * | 3. licence, contract   | subscriptions' entitlement, then an approved contract      | ERR_LOGIN_NOT_ENTITLED,     |
 * |                        |                                                            | ERR_LOGIN_NO_CONTRACT       |
 * | 4. release             | directory → contract → attribute filter, with the IDO      | ERR_LOGIN_USER_UNKNOWN,     |
 * |                        |                                                            | ERR_LOGIN_NOT_CONFIGURED    |
 *
 * A resource is a partner's (SAML SP, OIDC client) only when the partner is registered for the
 * resource's technical distributor: a publisher cannot receive another distributor's resources by
 * naming them. The sealed access intent is opened once per access, in step 1, and carried along.
 * Each refusal is logged once, with the correlation id and without personal data.
 */
import { filterRelease, globalPseudonymScope, ido, type EffectiveContract } from '../attribute-filter/index.js';
import { fail } from '../core/fail.js';
import type { ResourceDescription } from '../subscriptions/index.js';
import type { AssertionAttribute } from '../trust/index.js';
import { openIntent, type AccessIntent } from './access-intent.js';
import type { LoginContext } from './login-context.js';
import type { LoginDeps } from './login-deps.js';
import type { BrokerSession } from './ports.js';

/** The ports the decision reads, and nothing else of the login flow's dependencies. */
export type AccessDeps = Pick<
  LoginDeps,
  'resources' | 'intents' | 'people' | 'entitlement' | 'contracts' | 'pseudonymKey' | 'pseudonymScope'
>;

export interface Person {
  readonly entId: string;
  readonly personId: string;
}

/** A SAML SP or an OIDC client, as federation verified it. */
export interface Partner {
  /** SAML entityID or OIDC client id: the resources whose `fournisseurService` it is. */
  readonly partnerId: string;
  /** From its registration: only this technical distributor's resources are the partner's. */
  readonly distributorId: string;
  /** The resource its request names (OIDC `idRessource`), if any. */
  readonly idRessource?: string;
}

/** Step 1's answer, with the access intent it opened: the following steps read that one. */
export interface ChosenResource {
  readonly kind: 'resource';
  readonly resource: ResourceDescription;
  /** The click's intent; undefined when absent, tampered with or expired. */
  readonly intent: AccessIntent | undefined;
}

/** `ambiguous`: the partner has no resource or several and nothing names one; each protocol refuses its own way. */
export type ResourceChoice = ChosenResource | { readonly kind: 'ambiguous'; readonly candidates: number };

/** One person, in one establishment, for one resource: what a CAS ticket keeps until its validation. */
export interface Access {
  readonly person: Person;
  readonly uai: string;
  readonly resource: ResourceDescription;
}

export interface AccessGrant {
  readonly uai: string;
  /** The person's pseudonym for this resource's technical distributor (OIDC `sub`, CAS user). */
  readonly ido: string;
  /** The release, GAR names, IDO/UAI/PRO first. */
  readonly attributes: readonly AssertionAttribute[];
}

type SessionPerson = Pick<BrokerSession, 'entId' | 'personId' | 'uai'>;

/** SAML and OIDC: steps 2 to 4 for the session's person and the chosen resource. */
export async function decideAccess(
  deps: AccessDeps,
  ctx: LoginContext,
  session: SessionPerson,
  chosen: ChosenResource,
): Promise<AccessGrant> {
  return decideAccessAt(deps, ctx, await establishAccess(deps, ctx, session, chosen));
}

/**
 * CAS login: steps 2 and 3 now, for a credential redeemed later; its redemption asks
 * `decideAccessAt` with what this returns. Throws what decideAccess throws before the release.
 */
export async function admitAccess(
  deps: AccessDeps,
  ctx: LoginContext,
  session: SessionPerson,
  chosen: ChosenResource,
): Promise<Access> {
  const access = await establishAccess(deps, ctx, session, chosen);
  await checkLicence(deps, ctx, access);
  return access;
}

/** Steps 3 and 4 once the establishment is known (a CAS ticket's): licence, contract, release. */
export async function decideAccessAt(deps: AccessDeps, ctx: LoginContext, access: Access): Promise<AccessGrant> {
  const contract = await checkLicence(deps, ctx, access);
  return release(deps, ctx, access, contract);
}

async function establishAccess(
  deps: AccessDeps,
  ctx: LoginContext,
  session: SessionPerson,
  chosen: ChosenResource,
): Promise<Access> {
  const person = { entId: session.entId, personId: session.personId };
  const uai = await chooseEstablishment(deps, ctx, person, chosen, session.uai);
  return { person, uai, resource: chosen.resource };
}

/** Step 1 for a SAML SP or an OIDC client. */
export async function chooseResource(
  deps: Pick<AccessDeps, 'resources' | 'intents'>,
  ctx: LoginContext,
  partner: Partner,
  intentCookie: string | undefined,
): Promise<ResourceChoice> {
  const intent = openIntent(deps.intents, intentCookie, ctx.now);
  if (partner.idRessource !== undefined) {
    return { kind: 'resource', resource: await namedResource(deps, ctx, partner.idRessource, partner), intent };
  }
  const own = (await deps.resources.resourcesOfServiceProvider(partner.partnerId)).filter(
    (r) => r.distributeurTech.id === partner.distributorId,
  );
  const clicked =
    intent?.spEntityId === partner.partnerId ? own.find((r) => r.idRessource === intent.idRessource) : undefined;
  const resource = clicked ?? (own.length === 1 ? own[0] : undefined);
  if (resource !== undefined) return { kind: 'resource', resource, intent };
  ctx.log.warn({
    event: 'login.denied',
    reason: 'RESOURCE_AMBIGUOUS',
    partner: partner.partnerId,
    candidates: own.length,
  });
  return { kind: 'ambiguous', candidates: own.length };
}

/** Step 1 for a CAS service: the resource it is registered for, which no request can change. */
export async function registeredResource(
  deps: Pick<AccessDeps, 'resources' | 'intents'>,
  ctx: LoginContext,
  idRessource: string,
  intentCookie: string | undefined,
): Promise<ChosenResource> {
  const intent = openIntent(deps.intents, intentCookie, ctx.now);
  return { kind: 'resource', resource: await namedResource(deps, ctx, idRessource), intent };
}

async function namedResource(
  deps: Pick<AccessDeps, 'resources'>,
  ctx: LoginContext,
  idRessource: string,
  partner?: Partner,
): Promise<ResourceDescription> {
  const resource = await deps.resources.findResource(idRessource);
  if (resource === undefined) {
    throw fail(
      'ERR_LOGIN_RESOURCE_UNKNOWN',
      'Cette ressource est inconnue du service.',
      'idRessource not in the catalogue',
    );
  }
  if (partner !== undefined && resource.distributeurTech.id !== partner.distributorId) {
    ctx.log.warn({
      event: 'login.denied',
      reason: 'RESOURCE_OF_ANOTHER_DISTRIBUTOR',
      partner: partner.partnerId,
      idRessource,
    });
    throw fail(
      'ERR_OIDC_RESOURCE_FORBIDDEN',
      "Ce service n'est pas autorisé à ouvrir cette ressource.",
      `partner of ${partner.distributorId}`,
    );
  }
  return resource;
}

/**
 * Step 2: the click's establishment (its intent names this resource), else the session's, else
 * the first of the person's establishments that allows the resource, else the first one (its
 * denial is then the one shown).
 */
export async function chooseEstablishment(
  deps: Pick<AccessDeps, 'people' | 'entitlement'>,
  ctx: LoginContext,
  person: Person,
  chosen: ChosenResource,
  sessionUai: string | undefined,
): Promise<string> {
  const { resource, intent } = chosen;
  if (intent?.idRessource === resource.idRessource) return intent.uai;
  if (sessionUai !== undefined) return sessionUai;
  const establishments = await deps.people.establishmentsOf(person.entId, person.personId);
  for (const uai of establishments) {
    const decision = await deps.entitlement({ person, uai, idRessource: resource.idRessource, at: ctx.now });
    if (decision.allowed) return uai;
  }
  const first = establishments[0];
  if (first === undefined) throw unknownUser(person);
  return first;
}

/**
 * Step 3: may this person open this resource in this establishment now, under an approved
 * contract? Returns that contract, which the release then uses (read once per access).
 */
export async function checkLicence(
  deps: Pick<AccessDeps, 'entitlement' | 'contracts'>,
  ctx: LoginContext,
  access: Access,
): Promise<EffectiveContract> {
  const { person, uai, resource } = access;
  const decision = await deps.entitlement({ person, uai, idRessource: resource.idRessource, at: ctx.now });
  if (!decision.allowed) {
    ctx.log.info({
      event: 'login.denied',
      reason: decision.reason,
      idRessource: resource.idRessource,
      uai,
      entId: person.entId,
    });
    throw fail(
      'ERR_LOGIN_NOT_ENTITLED',
      `La ressource « ${resource.nomRessource} » ne vous est pas affectée dans cet établissement.`,
      decision.reason,
    );
  }
  const contract = await deps.contracts.effectiveContract(resource.idRessource);
  if (contract === undefined || contract.status !== 'approved') {
    ctx.log.warn({ event: 'login.denied', reason: 'NO_CONTRACT', idRessource: resource.idRessource });
    throw noContract(resource);
  }
  return contract;
}

/** Step 4: the Release as assertion attributes (GAR names), with the IDO it holds. */
async function release(
  deps: Pick<AccessDeps, 'people' | 'pseudonymKey' | 'pseudonymScope'>,
  ctx: LoginContext,
  access: Access,
  contract: EffectiveContract,
): Promise<AccessGrant> {
  const { person, uai, resource } = access;
  const resolved = await deps.people.resolvePerson(person.entId, person.personId, uai);
  if (resolved === undefined) throw unknownUser(person);
  const key = deps.pseudonymKey;
  if (key === undefined) {
    throw fail(
      'ERR_LOGIN_NOT_CONFIGURED',
      "Le service de connexion n'est pas encore configuré.",
      'pseudonyms.secret is not set',
    );
  }
  const scope = deps.pseudonymScope === 'global' ? globalPseudonymScope : resource.distributeurTech.id;
  const pseudonym = ido(key, { entId: person.entId, entUserId: person.personId, scope });
  const filtered = filterRelease(resolved.attributes, contract, { ido: pseudonym, uai, profile: resolved.profile });
  if (filtered.kind === 'denied') throw noContract(resource);
  ctx.log.info({
    event: 'login.released',
    idRessource: resource.idRessource,
    contractVersion: filtered.contractVersion,
    uai,
    codes: Object.keys(filtered.attributes),
  });
  const attributes = Object.entries(filtered.attributes).map(([name, values]) => ({ name, values: values ?? [] }));
  return { uai, ido: pseudonym, attributes };
}

export function unknownUser(person: Person): Error {
  return fail(
    'ERR_LOGIN_USER_UNKNOWN',
    "Votre compte n'est pas (ou plus) connu du service pour cet ENT : "
      + 'votre établissement doit le transmettre dans son annuaire.',
    `entId=${person.entId}`,
  );
}

function noContract(resource: ResourceDescription): Error {
  return fail(
    'ERR_LOGIN_NO_CONTRACT',
    `La ressource « ${resource.nomRessource} » n'est pas encore ouverte : son contrat n'est pas approuvé.`,
  );
}
