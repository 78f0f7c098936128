/**
 * Reads the leaves of a matched `<abonnement>` (gar-reference §5), recording each fault.
 *
 * Readers are total: when a value is missing or faulty they record the fault and return a
 * placeholder ('' or 0), so the parser can assemble a typed value without casts. A placeholder
 * never escapes: a recorded fault always makes the parser throw before it returns.
 */
import type { XmlNode } from '../../trust/index.js';
import type { LicenceCount } from '../subscription-input.js';
import type { MatchedChildren } from './match-element-sequence.js';
import { parseLicenceCount } from './parse-licence-count.js';
import { readWireValue } from './read-wire-value.js';
import type { WireCode, WireProblems } from './wire-problems.js';
import { valueRules, type AbonnementLeaf } from './wsabonnement-grammar.js';

export const placeholder = '';

export class AbonnementFields {
  constructor(
    private readonly matched: MatchedChildren,
    readonly problems: WireProblems,
  ) {}

  /** Whether the element was given, in its place or not. */
  has(name: AbonnementLeaf): boolean {
    return this.matched.seen.has(name);
  }

  /** Records a fault at the element when it is in place, else at `<abonnement>`. */
  fault(code: WireCode, name: AbonnementLeaf, message: string): void {
    this.problems.add(code, this.matched.accepted.get(name)?.[0] ?? this.matched.parent, message);
  }

  required(name: AbonnementLeaf): string {
    if (!this.has(name)) {
      this.fault('ERR_WS_ELEMENT_MISSING', name, `élément manquant : ${name}`);
      return placeholder;
    }
    const node = this.matched.accepted.get(name)?.[0];
    // Not in place: the sequence check has already recorded why.
    return node === undefined ? placeholder : (readWireValue(node, valueRules[name], this.problems) ?? placeholder);
  }

  /** An absent or empty optional element reads as absent (as the feed reader does). */
  optional(name: AbonnementLeaf): string | undefined {
    const node = this.matched.accepted.get(name)?.[0];
    if (node === undefined || (node.text === '' && node.children.length === 0)) return undefined;
    return readWireValue(node, valueRules[name], this.problems) ?? undefined;
  }

  oneOf<T extends string>(name: AbonnementLeaf, values: readonly T[]): T {
    const value = this.required(name);
    // valueRules[name].oneOf lists the same values, so a read value is one of them.
    return values.find((v) => v === value) ?? (values[0] as T);
  }

  count(name: AbonnementLeaf): LicenceCount {
    return parseLicenceCount(this.required(name)) ?? 0;
  }

  /** Given: present, in its place or not, and not empty (an empty optional element reads as absent). */
  given(name: AbonnementLeaf): boolean {
    if (!this.has(name)) return false;
    const node = this.matched.accepted.get(name)?.[0];
    return node === undefined || node.text !== '' || node.children.length > 0;
  }

  /** A count that may be left out: undefined when not given, else read as count() reads it. */
  optionalCount(name: AbonnementLeaf): LicenceCount | undefined {
    return this.given(name) ? this.count(name) : undefined;
  }

  /** Every in-place occurrence of a repeatable element whose value is one of `values`. */
  allOneOf<T extends string>(
    name: AbonnementLeaf,
    values: readonly T[],
  ): { readonly node: XmlNode; readonly value: T }[] {
    if (!this.has(name)) this.fault('ERR_WS_ELEMENT_MISSING', name, `élément manquant : ${name}`);
    return (this.matched.accepted.get(name) ?? []).flatMap((node) => {
      const text = readWireValue(node, valueRules[name], this.problems);
      const value = values.find((v) => v === text);
      return value === undefined ? [] : [{ node, value }];
    });
  }
}
