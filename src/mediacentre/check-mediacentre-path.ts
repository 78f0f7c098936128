/**
 * The three path segments of `GET /ressources/{idENT}/{UAI}/{GARPersonIdentifiant}`, checked
 * before anything is looked up (gar-reference §6: idENT a short code, UAI ≤ 45 characters,
 * person id ≤ 64). A value out of form is refused, never searched for.
 */
import { fail } from '../core/fail.js';
import { entIdPattern, uaiPattern } from '../core/identifier-forms.js';

export interface MediacentrePath {
  readonly entId: string;
  readonly uai: string;
  readonly personId: string;
}

// The feed's GARPersonIdentifiant: at most 64 characters, none of them a control character.
const personIdPattern = /^[^\u0000-\u001f\u007f]{1,64}$/u;

export function checkMediacentrePath(path: MediacentrePath): MediacentrePath {
  const bad = [
    entIdPattern.test(path.entId) ? undefined : 'idENT',
    uaiPattern.test(path.uai) ? undefined : 'UAI',
    personIdPattern.test(path.personId) ? undefined : 'GARPersonIdentifiant',
  ].filter((name) => name !== undefined);
  if (bad.length > 0) throw fail('ERR_MEDIACENTRE_PATH_INVALID', `Chemin invalide : ${bad.join(', ')} mal formé.`);
  return path;
}
