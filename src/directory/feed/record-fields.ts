/**
 * The children of a record once matched against its spec: leaf values by element name, and
 * nested groups. Mappers read typed records from it; it never holds XML.
 */
const none: readonly never[] = Object.freeze([]);

export class RecordFields {
  private readonly leaves = new Map<string, string[]>();
  private readonly nested = new Map<string, RecordFields[]>();

  addLeaf(name: string, value: string): void {
    const values = this.leaves.get(name);
    if (values === undefined) this.leaves.set(name, [value]);
    else values.push(value);
  }

  addGroup(name: string, group: RecordFields): void {
    const groups = this.nested.get(name);
    if (groups === undefined) this.nested.set(name, [group]);
    else groups.push(group);
  }

  /** A required leaf (the spec guarantees it is there once matched). */
  one(name: string): string {
    return this.optional(name) ?? '';
  }

  /** An optional leaf, null when absent or empty. */
  optional(name: string): string | null {
    return this.leaves.get(name)?.[0] ?? null;
  }

  /** Every value of a repeated leaf, in document order. */
  all(name: string): readonly string[] {
    return this.leaves.get(name) ?? none;
  }

  /** Every occurrence of a group element, in document order. */
  groups(name: string): readonly RecordFields[] {
    return this.nested.get(name) ?? none;
  }
}
