/**
 * The checks a JSON Schema cannot express, across the resources of one document: an
 * `idRessource` given twice, a vocabulary URI repeated in one list, and one publisher or
 * distributor id given two names (the store keeps one name per id: which one would win is
 * left to chance otherwise). They run on the parsed values even when the schema failed, so
 * the operator learns every problem at once; values of the wrong shape are skipped here.
 */

export interface ResourceProblem {
  /** RFC 6901 JSON pointer into the document ('' for the document itself). */
  readonly pointer: string;
  /** French, for the operator. */
  readonly message: string;
}

/** `base`: pointer of the resources array, or null when the document is one resource. */
export function crossCheckResources(items: readonly unknown[], base: string | null): ResourceProblem[] {
  const problems: ResourceProblem[] = [];
  const ids = new FirstSeen();
  const publishers = new FirstSeen();
  const distributors = new FirstSeen();
  items.forEach((item, index) => {
    const at = base === null ? '' : `${base}/${index}`;
    const id = field(item, 'idRessource');
    if (typeof id === 'string') {
      const first = ids.repeat(id, `${at}/idRessource`);
      if (first) problems.push({ pointer: `${at}/idRessource`, message: `identifiant déjà donné en ${first}` });
    }
    problems.push(...partyName(publishers, item, at, 'editeur', 'l’éditeur'));
    problems.push(...partyName(distributors, item, at, 'distributeurCom', 'le distributeur'));
    problems.push(...partyName(distributors, item, at, 'distributeurTech', 'le distributeur'));
    for (const list of ['niveauEducatif', 'domaineEnseignement', 'typePedagogique', 'typologieDocument'])
      problems.push(...repeatedUris(item, at, list));
  });
  return problems;
}

/** Remembers where each key was first seen, and with which value. */
class FirstSeen {
  readonly #seen = new Map<string, { readonly pointer: string; readonly value: string | undefined }>();

  /** The pointer of an earlier sighting of `key`, else undefined (and this one is remembered). */
  repeat(key: string, pointer: string): string | undefined {
    return this.#see(key, pointer, undefined)?.pointer;
  }

  /** The pointer of an earlier sighting of `key` with another value, else undefined. */
  clash(key: string, pointer: string, value: string): string | undefined {
    const earlier = this.#see(key, pointer, value);
    return earlier && earlier.value !== value ? earlier.pointer : undefined;
  }

  #see(key: string, pointer: string, value: string | undefined) {
    const earlier = this.#seen.get(key);
    if (earlier === undefined) this.#seen.set(key, { pointer, value });
    return earlier;
  }
}

function partyName(seen: FirstSeen, item: unknown, at: string, key: string, label: string): ResourceProblem[] {
  const party = field(item, key);
  const id = field(party, 'id');
  const name = field(party, 'nom');
  if (typeof id !== 'string' || typeof name !== 'string') return [];
  const first = seen.clash(id, `${at}/${key}/nom`, name);
  return first ? [{ pointer: `${at}/${key}/nom`, message: `${label} « ${id} » porte un autre nom en ${first}` }] : [];
}

function repeatedUris(item: unknown, at: string, key: string): ResourceProblem[] {
  const terms = field(item, key);
  if (!Array.isArray(terms)) return [];
  const seen = new FirstSeen();
  return terms.flatMap((term: unknown, index) => {
    const uri = field(term, 'uri');
    const pointer = `${at}/${key}/${index}/uri`;
    const first = typeof uri === 'string' ? seen.repeat(uri, pointer) : undefined;
    return first ? [{ pointer, message: `URI déjà donnée en ${first}` }] : [];
  });
}

function field(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}
