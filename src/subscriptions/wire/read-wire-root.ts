/**
 * Reads a request body through trust's safe reader (size, DOCTYPE, depth and count limits) and
 * checks its root: in the wsabonnement namespace (default or prefixed, saxes resolves both) and
 * the element the operation expects (gar-reference §5).
 */
import { fail } from '../../core/fail.js';
import { readSmallXmlDocument, type XmlNode } from '../../trust/index.js';
import { wsabonnementNamespace } from './wsabonnement-grammar.js';
import { definedFields } from '../../core/defined-fields.js';

export function readWireRoot(
  body: Uint8Array | string,
  expected: 'abonnement' | 'filtres',
  maxBytes?: number,
): XmlNode {
  const root = readSmallXmlDocument(body, definedFields({ maxBytes }));
  if (root.ns !== wsabonnementNamespace) {
    throw fail(
      'ERR_WS_NAMESPACE',
      `espace de noms incorrect pour ${root.name} (attendu ${wsabonnementNamespace})`,
      `root ns="${root.ns}"`,
    );
  }
  if (root.name !== expected) {
    throw fail('ERR_WS_ROOT_UNKNOWN', `élément racine ${expected} attendu`, `root=${root.name}`);
  }
  return root;
}
