/**
 * The resolved attributes of a person for one access, as the broker builds them from its
 * directory before any filtering (the "resolve" step of resolve → filter → encode), and the
 * encoders of GAR's composite values (gar-reference §3).
 */
import { fail } from '../core/fail.js';
import type { AttributeCode } from './attribute-codes.js';

/**
 * Code → values. A code absent or with an empty list: the person does not have it. `IDO`,
 * `UAI`, `PRO` found here are ignored by the filter, which takes them from the access context.
 */
export type ResolvedAttributes = Readonly<Partial<Record<AttributeCode, readonly string[]>>>;

/** `code##label`, the value of `DIV`, `GRO`, `P_MAT` (gar-reference §3). */
export function composite(code: string, label: string): string {
  return `${identifierPart(code, 'code')}##${labelPart(label)}`;
}

/** `group||division##label`, the value of `DIV_APP`: a group, its class, the class's label (gar-reference §3). */
export function groupInDivision(group: string, division: string, label: string): string {
  return `${identifierPart(group, 'groupe')}||${identifierPart(division, 'classe')}##${labelPart(label)}`;
}

/**
 * Identifiers may hold neither `#` nor `|`, not even one: `a#` + `##` + `b` would read as
 * `a` + `##` + `#b`, so a value could be taken for another. They may not be empty either.
 */
function identifierPart(value: string, name: string): string {
  if (value === '' || /[#|]/.test(value)) {
    throw fail(
      'ERR_ATTRIBUTE_VALUE_INVALID',
      `Valeur d'attribut impossible à composer : ${name} vide ou contenant « # » ou « | ».`,
    );
  }
  return value;
}

/** A label comes last, so only the separators themselves would mislead a reader that splits on them. */
function labelPart(value: string): string {
  if (value.includes('##') || value.includes('||')) {
    throw fail(
      'ERR_ATTRIBUTE_VALUE_INVALID',
      'Valeur d’attribut impossible à composer : libellé contenant « ## » ou « || ».',
    );
  }
  return value;
}
