/**
 * A person's identity (id, names, civility, birth date) regenerated from (seed, kind, index), so
 * a teacher written in GAR-ENT-Enseignant and again as a licence manager in GAR-ENT-RespAff
 * carries the same names without either file remembering the other.
 */
import { femaleFirstNames, lastNames, maleFirstNames, asciiMailPart } from './french-names.js';
import { SeededRandom, hashString, mix32 } from './seeded-random.js';

export type PersonKind = 'pupil' | 'teacher' | 'manager';

export interface PersonIdentity {
  readonly id: string;
  readonly lastName: string;
  /** Birth name when it differs from the used name (GARPersonNomPatro), else null. */
  readonly birthName: string | null;
  readonly firstName: string;
  /** GARPersonAutresPrenoms: the first name, then any others, as registers list them. */
  readonly otherFirstNames: readonly string[];
  readonly civility: 'M.' | 'Mme';
  readonly birthDate: string;
}

/** The RFC 4122 variant nibble tells kinds apart, so pupils and teachers never share an id. */
const variantOf: Readonly<Record<PersonKind, string>> = { pupil: '8', teacher: '9', manager: 'a' };
const domains: Readonly<Record<PersonKind, number>> = {
  pupil: hashString('person:pupil'),
  teacher: hashString('person:teacher'),
  manager: hashString('person:manager'),
};

/**
 * A UUID-shaped opaque id, like the ones ENTs send. Its last 8 hex digits are a one-to-one
 * scramble of the index (fmix32 is invertible), which with the kind makes ids unique by
 * construction rather than by luck.
 */
export function personId(seedHash: number, kind: PersonKind, index: number): string {
  // Hot path (called a few million times per large delivery): integer hashes and a hex table
  // rather than a generator and toString(16).
  const d = domains[kind];
  const a = mix32(seedHash ^ d ^ mix32(index + 0x9e3779b9));
  const b = mix32(a + 0x68e31da4);
  const c = mix32(b + 0x1b56c4e9);
  const unique = mix32((index ^ seedHash ^ d) >>> 0);
  return (
    `${hex8(a)}-${hex2(b >>> 24)}${hex2(b >>> 16)}-4${hex2(b >>> 8).charAt(1)}${hex2(b)}-`
    + `${variantOf[kind]}${hex2(c >>> 24).charAt(1)}${hex2(c >>> 16)}-${hex2(c >>> 8)}${hex2(c)}${hex8(unique)}`
  );
}

const hexPairs = Array.from({ length: 256 }, (_, n) => n.toString(16).padStart(2, '0'));
const hex2 = (n: number): string => hexPairs[n & 0xff]!;
const hex8 = (n: number): string => hex2(n >>> 24) + hex2(n >>> 16) + hex2(n >>> 8) + hex2(n);

/** `birthYear` is the usual year; about one pupil in twenty is a year older (held back). */
export function personIdentity(seedHash: number, kind: PersonKind, index: number, birthYear: number): PersonIdentity {
  const rng = new SeededRandom(seedHash, domains[kind], index);
  const female = rng.chance(0.5);
  const names = female ? femaleFirstNames : maleFirstNames;
  const firstName = rng.pick(names);
  const lastName = rng.pick(lastNames);
  const otherFirstNames = rng.chance(0.3) ? [firstName, rng.pick(names)] : [firstName];
  const birthName = kind !== 'pupil' && female && rng.chance(0.3) ? rng.pick(lastNames) : null;
  const year = birthYear - (rng.chance(0.05) ? 1 : 0);
  const month = 1 + rng.int(12);
  const day = 1 + rng.int(28);
  return {
    id: personId(seedHash, kind, index),
    lastName,
    birthName: birthName === lastName ? null : birthName,
    firstName,
    otherFirstNames,
    civility: female ? 'Mme' : 'M.',
    birthDate: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
  };
}

/** Staff are born between 1962 and 1999; the year follows from the index so every file agrees. */
export function staffIdentity(seedHash: number, kind: 'teacher' | 'manager', index: number): PersonIdentity {
  return personIdentity(seedHash, kind, index, 1962 + (mix32((index ^ seedHash ^ 0x27d4eb2f) >>> 0) % 38));
}

/** Staff mail in the academy's domain: prenom.nom@ac-….fr, numbered when several share a name. */
export function staffMail(identity: PersonIdentity, index: number, domain: string): string {
  const local = `${asciiMailPart(identity.firstName)}.${asciiMailPart(identity.lastName)}`;
  return `${local}${index % 7 === 0 ? '' : index % 97}@${domain}`;
}
