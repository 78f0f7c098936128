/**
 * Which ENT authenticates a browser that arrives without a broker session (gar-reference §2 B),
 * the same way for every publisher protocol: the `idENT` hint (as given, or base64 as GAR's
 * médiacentre links encode it), else the only registered ENT, else none (the discovery page).
 */
import { fail } from '../core/fail.js';
import { entIdPattern } from '../core/identifier-forms.js';
import type { LoginDeps } from './login-deps.js';

/** Throws ERR_LOGIN_ENT_UNKNOWN when the hint names no registered ENT. */
export async function chooseEnt(deps: LoginDeps, now: Date, hint: string | undefined): Promise<string | undefined> {
  const ents = await registeredEnts(deps, now);
  if (hint !== undefined && hint !== '') {
    const decoded = Buffer.from(hint, 'base64').toString('utf8');
    const found = [hint, decoded].find((candidate) => entIdPattern.test(candidate) && ents.includes(candidate));
    if (found !== undefined) return found;
    throw fail(
      'ERR_LOGIN_ENT_UNKNOWN',
      "Cet ENT n'est pas (ou plus) raccordé au service.",
      'idENT hint names no registered ENT',
    );
  }
  return ents.length === 1 ? ents[0] : undefined;
}

/** The ENT projects with a usable SAML IdP or an OIDC registration, sorted (the discovery page's list). */
export async function registeredEnts(deps: LoginDeps, now: Date): Promise<readonly string[]> {
  const saml = await deps.partners.entsWithIdp(now);
  const oidc = deps.oidcEnts === undefined ? [] : await deps.oidcEnts.ents();
  return [...new Set([...saml, ...oidc])].sort();
}
