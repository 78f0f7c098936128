import { SaxesParser } from 'saxes';
import { definedFields } from '../core/defined-fields.js';

export type GuardedSaxParser = SaxesParser<{ xmlns: true; position: true }>;

/**
 * The one way the broker builds an XML parser for untrusted input: namespaces on, positions on,
 * and any DOCTYPE refused the moment it is seen. XML 1.0 §2.8: entities can only be declared in a
 * DOCTYPE, so refusing it refuses them all (no XXE, no entity expansion); nothing is ever fetched.
 */
export function createGuardedSaxParser(refuseDoctype: () => Error, fileName?: string): GuardedSaxParser {
  const parser = new SaxesParser({ xmlns: true, position: true, ...definedFields({ fileName }) });
  parser.on('doctype', () => {
    throw refuseDoctype();
  });
  return parser;
}
