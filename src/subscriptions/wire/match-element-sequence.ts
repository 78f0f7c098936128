/**
 * Checks the children of one element against a SequenceSpec (gar-reference §5 order): each in
 * the wsabonnement namespace, known, in rank order, and not repeated unless repeatable. Faults
 * are collected, not thrown, and the walk goes on, so one answer lists them all.
 */
import type { XmlNode } from '../../trust/index.js';
import { wsabonnementNamespace, type SequenceSpec } from './wsabonnement-grammar.js';
import type { WireProblems } from './wire-problems.js';

export interface MatchedChildren {
  readonly parent: XmlNode;
  /** Children accepted in their place, by name, in document order. */
  readonly accepted: ReadonlyMap<string, readonly XmlNode[]>;
  /** Every known name met, in place or not: a misplaced element is not reported missing too. */
  readonly seen: ReadonlySet<string>;
}

export function matchElementSequence(parent: XmlNode, spec: SequenceSpec, problems: WireProblems): MatchedChildren {
  if (parent.text !== '') problems.add('ERR_WS_VALUE_INVALID', parent, `texte inattendu dans ${parent.name}`);
  const accepted = new Map<string, XmlNode[]>();
  const seen = new Set<string>();
  let lastRank = -1;
  for (const child of parent.children) {
    // Maps, not objects: an element named `__proto__` or `constructor` is just an unknown name.
    const rank = spec.ranks.get(child.name);
    if (child.ns !== wsabonnementNamespace) {
      problems.add('ERR_WS_NAMESPACE', child, `espace de noms incorrect pour ${child.name}`);
    } else if (rank === undefined) {
      problems.add('ERR_WS_ELEMENT_UNKNOWN', child, `élément inconnu : ${child.name}`);
    } else if (accepted.has(child.name) && !spec.repeatable.has(child.name)) {
      seen.add(child.name);
      problems.add('ERR_WS_ELEMENT_DUPLICATE', child, `élément en double : ${child.name}`);
    } else if (rank < lastRank) {
      seen.add(child.name);
      problems.add('ERR_WS_ELEMENT_ORDER', child, `élément mal placé : ${child.name}`);
    } else {
      seen.add(child.name);
      const same = accepted.get(child.name);
      if (same === undefined) accepted.set(child.name, [child]);
      else same.push(child);
      lastRank = rank;
    }
  }
  return { parent, accepted, seen };
}
