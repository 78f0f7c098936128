/**
 * The console opens only to licence managers (GAR-ENT-RespAff): the person the ENT vouched for must
 * be a live manager of the ENT project of the IdP that signed, never another (an ENT vouches only
 * for its own users, gar-reference §2 C), with at least one live establishment.
 */
import { fail } from '../../core/fail.js';
import type { UpstreamIdentity } from '../../core/upstream-identity.js';
import type { ConsoleSubject, ManagerScopeSource } from '../ports.js';

export type ManagerSubject = Extract<ConsoleSubject, { kind: 'manager' }>;

export async function requireManagerScope(
  managers: ManagerScopeSource,
  identity: UpstreamIdentity,
): Promise<ManagerSubject> {
  const { entId, entUserId: personId } = identity;
  const scope = await managers.managerScope(entId, personId);
  if (scope === undefined || scope.establishments.length === 0) {
    const message =
      "Votre ENT vous a bien identifié, mais vous n'êtes responsable d'affectation "
      + "d'aucun établissement : la console ne vous est pas ouverte.";
    throw fail('ERR_CONSOLE_NOT_A_MANAGER', message, `entId=${entId}`);
  }
  return { kind: 'manager', entId, personId };
}
