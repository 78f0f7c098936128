/**
 * `/domaineGar` (gar-reference §2 A): a click in the ENT's médiacentre.
 *
 * | step                                   | on failure                          |
 * |----------------------------------------|-------------------------------------|
 * | decode idENT, idEtab (base64), idRessource | ERR_LOGIN_ENTRY_INVALID page    |
 * | the resource is in the catalogue       | ERR_LOGIN_RESOURCE_UNKNOWN page     |
 * | a broker session of that ENT, its person   | no: login at the ENT, back at the ACS |
 * | confirmed by the ENT (confirmed-session)   |                                     |
 * | licence and contract (access-decision's checkLicence) | ERR_LOGIN_NOT_ENTITLED / NO_CONTRACT page |
 * | redirect to the resource's access URL, with the sealed access intent |    |
 */
import { fail } from '../core/fail.js';
import { entIdPattern, uaiPattern } from '../core/identifier-forms.js';
import type { ResourceDescription } from '../subscriptions/index.js';
import { checkLicence, type Person } from './access-decision.js';
import { sealIntent, intentLifetimeSeconds } from './access-intent.js';
import { beginEntLogin, requireLoginConfigured } from './browser-session.js';
import { sessionForEntry } from './confirmed-session.js';
import type { LoginContext } from './login-context.js';
import type { LoginDeps } from './login-deps.js';
import type { BrowserCookies, CookieChange, LoginOutcome } from './login-outcome.js';

export interface MediacentreEntry {
  readonly idENT?: string;
  readonly idEtab?: string;
  readonly idRessource?: string;
}

export async function openFromMediacentre(
  deps: LoginDeps,
  ctx: LoginContext,
  entry: MediacentreEntry,
  cookies: BrowserCookies,
): Promise<LoginOutcome> {
  requireLoginConfigured(deps);
  const { entId, uai, idRessource } = decodeEntry(entry);
  const resource = await deps.resources.findResource(idRessource);
  if (resource === undefined) {
    throw fail(
      'ERR_LOGIN_RESOURCE_UNKNOWN',
      'Cette ressource est inconnue du service.',
      `idRessource length ${idRessource.length}`,
    );
  }
  const downstream = { kind: 'mediacentre' as const, idRessource, uai };
  const found = await sessionForEntry(deps, ctx, cookies, downstream, 'mediacentre', entId);
  if (found.kind === 'check') return found.outcome;
  if (found.kind === 'none') return beginEntLogin(deps, cookies, entId, downstream, ctx.now);
  ctx.log.info({ event: 'login.session_reused', entId, idRessource });
  return enterResource(deps, ctx, { entId, personId: found.session.personId }, uai, resource, []);
}

/** After the licence check: to the resource's own URL, which will ask us for an assertion. */
export async function enterResource(
  deps: LoginDeps,
  ctx: LoginContext,
  person: Person,
  uai: string,
  resource: ResourceDescription,
  cookies: readonly CookieChange[],
): Promise<LoginOutcome> {
  await checkLicence(deps, ctx, { person, uai, resource });
  const clicked = { idRessource: resource.idRessource, uai, spEntityId: resource.fournisseurService };
  const intent = sealIntent(deps.intents, clicked, ctx.now);
  return {
    kind: 'redirect',
    location: resource.urlAccesRessource,
    cookies: [...cookies, { name: 'gar_intent', value: intent, maxAgeSeconds: intentLifetimeSeconds }],
  };
}

function decodeEntry(entry: MediacentreEntry): { entId: string; uai: string; idRessource: string } {
  const entId = decodeParameter(entry.idENT, entIdPattern);
  const uai = decodeParameter(entry.idEtab, uaiPattern);
  const idRessource = entry.idRessource?.trim() ?? '';
  if (entId === undefined || uai === undefined || idRessource === '' || idRessource.length > 1024) {
    throw fail(
      'ERR_LOGIN_ENTRY_INVALID',
      'Lien du médiacentre incomplet ou invalide : revenez au médiacentre et cliquez à nouveau sur la ressource.',
    );
  }
  return { entId, uai, idRessource };
}

/** GAR sends `idENT` and `idEtab` in base64; the decoded value must have the expected form. */
function decodeParameter(value: string | undefined, pattern: RegExp): string | undefined {
  if (value === undefined || value.length > 64 || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) return undefined;
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  return pattern.test(decoded) ? decoded : undefined;
}
