/**
 * The one generic check of a record against feed-spec.ts: children in the spec's order, each
 * within its cardinality, no unknown or surplus element, values within their length and form.
 * Nothing here is specific to a record: adding a record or a child is a change to the spec only.
 */
import type { XmlNode } from '../../trust/index.js';
import { isGroupSpec, valueRules, type ChildSpec } from './feed-spec.js';
import { RecordFields } from './record-fields.js';
import { rejectRecord, type RecordRejection } from './record-rejection.js';

/** A spec entry with its value rule resolved: one object shape, so the hot loop stays fast. */
interface CompiledSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly maxLength: number;
  readonly pattern: RegExp | null;
  readonly children: readonly CompiledSpec[] | null;
}

const compiledSpecs = new WeakMap<readonly ChildSpec[], readonly CompiledSpec[]>();

function compile(specs: readonly ChildSpec[]): readonly CompiledSpec[] {
  let compiled = compiledSpecs.get(specs);
  if (compiled === undefined) {
    compiled = specs.map((spec): CompiledSpec => {
      const group = isGroupSpec(spec);
      const rule = group ? null : valueRules[spec.value];
      return {
        name: spec.name,
        min: spec.min,
        max: spec.max,
        maxLength: rule?.maxLength ?? 0,
        pattern: rule?.pattern ?? null,
        children: group ? compile(spec.children) : null,
      };
    });
    compiledSpecs.set(specs, compiled);
  }
  return compiled;
}

/**
 * Matches `node`'s children against `specs`. Throws a RecordRejection (ERR_FEED_RECORD_INVALID,
 * ERR_FEED_VALUE_TOO_LONG, ERR_FEED_VALUE_INVALID) naming the element, at its line.
 */
export function matchRecordSpec(specs: readonly ChildSpec[], node: XmlNode): RecordFields {
  return matchCompiled(compile(specs), node);
}

function matchCompiled(specs: readonly CompiledSpec[], node: XmlNode): RecordFields {
  if (node.text !== '') throw recordInvalid(node, `texte inattendu dans ${node.name}`);
  const fields = new RecordFields();
  const children = node.children;
  let next = 0;
  for (let s = 0; s < specs.length; s++) {
    const spec = specs[s] as CompiledSpec;
    let count = 0;
    // Greedy is exact here: no two consecutive specs share a name (feed-spec.ts), so a run of
    // same-named children always belongs to one spec.
    while (next < children.length && count < spec.max && (children[next] as XmlNode).name === spec.name) {
      readChild(spec, children[next] as XmlNode, fields);
      count++;
      next++;
    }
    if (count < spec.min) throw misplaced(spec.name, children[next], specs, node);
  }
  const surplus = children[next];
  if (surplus !== undefined) {
    const known = specs.some((spec) => spec.name === surplus.name);
    throw recordInvalid(
      surplus,
      known
        ? `élément ${surplus.name} en trop ou mal placé dans ${node.name}`
        : `élément inconnu ${surplus.name} dans ${node.name}`,
    );
  }
  return fields;
}

function readChild(spec: CompiledSpec, child: XmlNode, fields: RecordFields): void {
  if (spec.children !== null) {
    fields.addGroup(spec.name, matchCompiled(spec.children, child));
    return;
  }
  if (child.children.length > 0) throw recordInvalid(child, `${child.name} ne doit contenir que du texte`);
  const value = readValue(spec, child);
  if (value !== null) fields.addLeaf(spec.name, value);
}

/** A leaf's value; an empty optional element counts as absent, an empty required one is refused. */
function readValue(spec: CompiledSpec, child: XmlNode): string | null {
  const value = child.text;
  if (value === '') {
    if (spec.min === 0) return null;
    throw rejectRecord('ERR_FEED_VALUE_INVALID', child, `valeur vide pour ${child.name}`);
  }
  // XSD lengths count characters; only count code points when UTF-16 units could overstate them.
  if (value.length > spec.maxLength && [...value].length > spec.maxLength) {
    throw rejectRecord(
      'ERR_FEED_VALUE_TOO_LONG',
      child,
      `valeur trop longue pour ${child.name} (maximum ${spec.maxLength})`,
    );
  }
  if (spec.pattern !== null && !spec.pattern.test(value)) {
    throw rejectRecord('ERR_FEED_VALUE_INVALID', child, `valeur non conforme pour ${child.name}`);
  }
  return value;
}

/** Names the actual fault: an unknown element, a required one further down, or one missing. */
function misplaced(
  expected: string,
  found: XmlNode | undefined,
  specs: readonly CompiledSpec[],
  parent: XmlNode,
): RecordRejection {
  if (found !== undefined && !specs.some((spec) => spec.name === found.name)) {
    return recordInvalid(found, `élément inconnu ${found.name} dans ${parent.name}`);
  }
  const later =
    found === undefined
      ? undefined
      : parent.children.slice(parent.children.indexOf(found)).find((c) => c.name === expected);
  if (later !== undefined) return recordInvalid(later, `élément ${expected} mal placé dans ${parent.name}`);
  return recordInvalid(found ?? parent, `élément ${expected} manquant dans ${parent.name}`);
}

function recordInvalid(node: XmlNode, message: string): RecordRejection {
  return rejectRecord('ERR_FEED_RECORD_INVALID', node, message);
}
