/**
 * The direct children of `parent` with this name in this namespace. Metadata is read child by
 * child, never with getElementsByTagName: a descendant search would also pick an element an
 * Extensions block or a second descriptor carries, and the broker would trust what it should
 * not have seen.
 */
export function childElements(parent: Element, namespace: string, localName: string): Element[] {
  return Array.from(parent.childNodes).filter(
    (node): node is Element =>
      node.nodeType === 1 && (node as Element).localName === localName && (node as Element).namespaceURI === namespace,
  );
}
