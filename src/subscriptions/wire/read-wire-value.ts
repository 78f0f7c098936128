/**
 * The one check of a leaf element's value against its ValueRule (gar-reference §5 limits):
 * text only, not empty, within its length, of its form or one of its values.
 */
import type { XmlNode } from '../../trust/index.js';
import type { ValueRule } from './wsabonnement-grammar.js';
import type { WireProblems } from './wire-problems.js';

/** The value, or null after adding the fault to `problems`. */
export function readWireValue(node: XmlNode, rule: ValueRule, problems: WireProblems): string | null {
  const value = node.text;
  if (node.children.length > 0) {
    problems.add('ERR_WS_VALUE_INVALID', node, `${node.name} ne doit contenir que du texte`);
    return null;
  }
  if (value === '') {
    problems.add('ERR_WS_VALUE_INVALID', node, `valeur vide pour ${node.name}`);
    return null;
  }
  // XSD lengths count characters; only count code points when UTF-16 units could overstate them.
  if (value.length > rule.maxLength && [...value].length > rule.maxLength) {
    problems.add('ERR_WS_VALUE_TOO_LONG', node, `${node.name} trop long (${rule.maxLength} caractères au plus)`);
    return null;
  }
  if (rule.oneOf !== undefined && !rule.oneOf.includes(value)) {
    problems.add('ERR_WS_VALUE_INVALID', node, `${node.name} doit valoir ${rule.oneOf.join(' | ')}`);
    return null;
  }
  if (rule.check !== undefined && !rule.check(value)) {
    problems.add('ERR_WS_VALUE_INVALID', node, `valeur non conforme pour ${node.name}`);
    return null;
  }
  return value;
}
