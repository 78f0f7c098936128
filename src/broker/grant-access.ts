/**
 * The one decision every publisher protocol (SAML, OIDC, CAS) asks, so that all reach the same
 * answer for the same click (issue 7): with this broker session, for this resource,
 *
 * | step                                                       | on failure                      |
 * |------------------------------------------------------------|---------------------------------|
 * | which establishment: the click's (sealed intent), the session's, else the first that allows it |  |
 * | licence and contract (decide-access)                       | ERR_LOGIN_NOT_ENTITLED / NO_CONTRACT |
 * | release (directory → contract → filter → IDO)              | ERR_LOGIN_USER_UNKNOWN          |
 */
import type { ResourceDescription } from '../subscriptions/index.js';
import type { AssertionAttribute } from '../trust/index.js';
import { openIntent } from './access-intent.js';
import { checkAccess, chooseEstablishment, releaseFor, type Person } from './decide-access.js';
import type { LoginContext } from './login-context.js';
import type { LoginDeps } from './login-deps.js';
import type { BrokerSession } from './ports.js';

export interface AccessGrant {
  readonly uai: string;
  /** The person's pseudonym for this resource's technical distributor (OIDC `sub`, CAS user). */
  readonly ido: string;
  /** The release, GAR names, IDO/UAI/PRO first. */
  readonly attributes: readonly AssertionAttribute[];
}

export async function grantAccess(
  deps: LoginDeps, ctx: LoginContext, session: BrokerSession, resource: ResourceDescription, intentCookie: string | undefined,
): Promise<AccessGrant> {
  const { person, uai } = await establishmentFor(deps, ctx, session, resource, intentCookie);
  return grantAccessIn(deps, ctx, person, uai, resource);
}

/**
 * The decision without the release: for a credential redeemed later (a CAS ticket), whose
 * redemption computes the release once (grantAccessIn). Throws what grantAccess throws.
 */
export async function admitAccess(
  deps: LoginDeps, ctx: LoginContext, session: BrokerSession, resource: ResourceDescription, intentCookie: string | undefined,
): Promise<{ readonly uai: string }> {
  const { person, uai } = await establishmentFor(deps, ctx, session, resource, intentCookie);
  await checkAccess(deps, ctx, person, uai, resource);
  return { uai };
}

/** The click's establishment (sealed intent), else the session's, else the first that allows the resource. */
async function establishmentFor(
  deps: LoginDeps, ctx: LoginContext, session: BrokerSession, resource: ResourceDescription, intentCookie: string | undefined,
): Promise<{ readonly person: Person; readonly uai: string }> {
  const person = { entId: session.entId, personId: session.personId };
  const intent = openIntent(deps.intents, intentCookie, ctx.now);
  const uai = intent?.idRessource === resource.idRessource ? intent.uai : session.uai ?? await chooseEstablishment(deps, ctx, person, resource);
  return { person, uai };
}

/**
 * The same decision once the establishment is known: licence, contract, release. CAS asks it
 * again when its ticket is validated, with the ticket's person, establishment and resource.
 */
export async function grantAccessIn(deps: LoginDeps, ctx: LoginContext, person: Person, uai: string, resource: ResourceDescription): Promise<AccessGrant> {
  const contract = await checkAccess(deps, ctx, person, uai, resource);
  const attributes = await releaseFor(deps, ctx, person, uai, resource, contract);
  const ido = attributes.find((a) => a.name === 'IDO')?.values[0];
  if (ido === undefined) throw new Error('a release without IDO');
  return { uai, ido, attributes };
}
