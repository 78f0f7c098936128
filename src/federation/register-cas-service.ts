/**
 * Registers a CAS service: the exact service URL a resource's site sends to
 * `/cas/login`, and the resource it opens. The URL is the key and is matched exactly, never as a
 * prefix or a pattern (CAS protocol 3.0 §2.1.1: the service must be checked against a registry of
 * known services, or tickets go wherever a link says). Https only (plain http only to the local
 * machine, for tests and demos), no fragment (a browser never sends one back), no credentials.
 */
import { fail } from '../core/fail.js';
import type { CasServiceRecord, CasServiceStore } from './ports.js';

export interface CasServiceRegistrationDeps {
  readonly store: CasServiceStore;
  /** Whether the catalogue holds the resource. */
  readonly resourceExists: (idRessource: string) => Promise<boolean>;
  readonly actor: string;
  readonly now: Date;
}

const maxUrlLength = 2048;

/** Throws ERR_CAS_SERVICE_INPUT or ERR_CAS_SERVICE_RESOURCE_UNKNOWN before anything is saved. */
export async function registerCasService(
  record: CasServiceRecord,
  deps: CasServiceRegistrationDeps,
): Promise<{ readonly record: CasServiceRecord; readonly outcome: 'added' | 'changed' | 'unchanged' }> {
  checkServiceUrl(record.serviceUrl, 'service');
  if (record.logoutUrl !== undefined) checkServiceUrl(record.logoutUrl, 'logout');
  if (!(await deps.resourceExists(record.idRessource))) {
    throw fail('ERR_CAS_SERVICE_RESOURCE_UNKNOWN', `La ressource ${record.idRessource} n’est pas au catalogue.`);
  }
  return { record, outcome: await deps.store.save(record, deps.actor, deps.now) };
}

/** The URL exactly as given: it must already be the form the service sends (no normalising). */
function checkServiceUrl(url: string, what: 'service' | 'logout'): void {
  const label = what === 'service' ? 'L’adresse du service' : 'L’adresse de déconnexion';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw fail('ERR_CAS_SERVICE_INPUT', `${label} n’est pas une URL.`);
  }
  const local = parsed.hostname === 'localhost' || parsed.hostname === '127.0.0.1';
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && local)) {
    throw fail(
      'ERR_CAS_SERVICE_INPUT',
      `${label} doit être en https:// (http:// seulement vers localhost).`,
      parsed.protocol,
    );
  }
  if (
    url.includes('#')
    || parsed.username !== ''
    || parsed.password !== ''
    || url.length > maxUrlLength
    || /\s/.test(url)
  ) {
    throw fail(
      'ERR_CAS_SERVICE_INPUT',
      `${label} ne peut contenir ni fragment (#), ni identifiants, ni espaces, ni dépasser ${maxUrlLength} caractères.`,
    );
  }
}
