/**
 * The three path segments of `GET /ressources/{idENT}/{UAI}/{GARPersonIdentifiant}`, checked
 * before anything is looked up (gar-reference §6: idENT a short code, UAI ≤ 45 characters,
 * person id ≤ 64). A value out of form is refused, never searched for.
 */
import { fail } from '../core/fail.js';

export interface MediacentrePath {
  readonly entId: string;
  readonly uai: string;
  readonly personId: string;
}

const entIdPattern = /^[A-Za-z0-9]{1,16}$/;
// Real UAIs are 7 digits and a letter; test UAIs carry suffixes (gar-reference §1).
const uaiPattern = /^[A-Za-z0-9._-]{1,45}$/;
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
