/**
 * The value of an attribute, or null when it is absent. xmldom 0.8's getAttribute answers ''
 * for an absent attribute, which would make "absent" and "empty" the same, and an optional
 * `validUntil` or `ResponseLocation` look present but empty.
 */
export function attributeValue(element: Element, name: string): string | null {
  return element.getAttributeNode(name)?.value ?? null;
}
