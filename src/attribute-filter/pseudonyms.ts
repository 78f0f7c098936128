/**
 * The pseudonyms a resource receives (gar-reference §3): `IDO`, 128 lower-case hex characters,
 * and `IDC` = `<idRessource>_<IDO>`.
 *
 * IDO = HMAC-SHA-512(broker secret, encode(["gar-broker/ido/v1", scope, entId, entUserId])),
 * derived by core's deriveKey (purpose `ido`, where encode() is defined).
 * - Stable across school years and across the establishments of one ENT project: neither the
 *   year nor the UAI is an input (gar-reference §3, public FAQ).
 * - Unlinkable across technical distributors by default: `scope` is the distributor's id, so two
 *   distributors comparing notes see two unrelated values (§3: the privacy-preserving choice);
 *   a deployment may configure one scope for all (`globalPseudonymScope`).
 * - Impossible to compute, or to reverse, without the broker's secret (a keyed hash, not a hash).
 * - encode() writes each part as its UTF-8 byte length (4 bytes, big-endian) then its bytes, so
 *   no two different lists of parts give the same input: ("ab","c") and ("a","bc") differ,
 *   whatever characters an ENT puts in its user ids. Parts are taken as given (no Unicode
 *   normalisation): an ENT user id is an opaque token. The label "v1" lets a later scheme coexist.
 */
import { createSecretKey, type KeyObject } from 'node:crypto';
import { deriveKey } from '../core/derive-key.js';
import { fail } from '../core/fail.js';

/** A pseudonym key: made only by `makePseudonymKey`, so its strength was checked. */
export interface PseudonymKey {
  readonly key: KeyObject;
}

/** The scope when the deployment wants one `IDO` per person for all distributors. */
export const globalPseudonymScope = '*';

/** 256 bits: the HMAC's strength is the secret's; a short secret could be searched. */
export const minPseudonymSecretBytes = 32;

/** The secret arrives as bytes (reading and guarding the key file is someone else's job). */
export function makePseudonymKey(secret: Uint8Array): PseudonymKey {
  if (secret.byteLength < minPseudonymSecretBytes) {
    throw fail(
      'ERR_PSEUDONYM_KEY_WEAK',
      'Le secret des pseudonymes est trop court.',
      `${secret.byteLength} bytes, ${minPseudonymSecretBytes} needed`,
    );
  }
  return Object.freeze({ key: createSecretKey(Buffer.from(secret)) });
}

export interface PseudonymSubject {
  /** The ENT project (`idENT`). */
  readonly entId: string;
  /** The person's id at that ENT (`GARPersonIdentifiant`). */
  readonly entUserId: string;
  /** The technical distributor's id, or `globalPseudonymScope`. */
  readonly scope: string;
}

/** The `IDO` of a person for one scope: 128 lower-case hex characters. */
export function ido(key: PseudonymKey, subject: PseudonymSubject): string {
  const { scope, entId, entUserId } = subject;
  if (scope === '' || entId === '' || entUserId === '') {
    // An empty id would give every person without one the same pseudonym.
    throw fail('ERR_PSEUDONYM_INPUT', 'Pseudonyme impossible : projet ENT, identifiant ou portée vide.');
  }
  return deriveKey(key.key, { use: 'ido', scope, entId, entUserId }).toString('hex');
}

/** The `IDC` of §3: the resource's id, `_`, the `IDO`. */
export function idc(idRessource: string, idoValue: string): string {
  return `${idRessource}_${idoValue}`;
}
