/**
 * `<filtres>` body of the list operation (gar-reference §5) → a checked SubscriptionQuery:
 * 0..n `<filtre><filtreNom/><filtreValeur/></filtre>`, then optional `<triPar>` and `<tri>`.
 * Filter values are checked by the rule of the element they name, so a query can never hold a
 * value no subscription could have.
 */
import type { XmlNode } from '../../trust/index.js';
import {
  filterNames,
  sortFields,
  type SortField,
  type SortOrder,
  type SubscriptionFilter,
  type SubscriptionQuery,
} from '../subscription-query.js';
import { matchElementSequence, type MatchedChildren } from './match-element-sequence.js';
import { readWireRoot } from './read-wire-root.js';
import { readWireValue } from './read-wire-value.js';
import { WireProblems } from './wire-problems.js';
import { filtreSequence, filtresSequence, valueRules } from './wsabonnement-grammar.js';

/** An empty (or absent) body is a list without filters: a GET usually has none. */
export function parseFiltersXml(
  body: Uint8Array | string | undefined,
  options: { readonly maxBytes?: number } = {},
): SubscriptionQuery {
  if (body === undefined || body.length === 0) return { filters: [] };
  const root = readWireRoot(body, 'filtres', options.maxBytes);
  const problems = new WireProblems();
  const matched = matchElementSequence(root, filtresSequence, problems);
  const filters = (matched.accepted.get('filtre') ?? []).flatMap((node) => readFilter(node, problems));
  const sort = readSort(matched, problems);
  problems.throwIfAny();
  return sort === undefined ? { filters } : { filters, sort };
}

function readFilter(node: XmlNode, problems: WireProblems): SubscriptionFilter[] {
  const { accepted, seen } = matchElementSequence(node, filtreSequence, problems);
  for (const name of ['filtreNom', 'filtreValeur'] as const) {
    if (!seen.has(name)) problems.add('ERR_WS_ELEMENT_MISSING', node, `élément manquant : ${name}`);
  }
  const nameNode = accepted.get('filtreNom')?.[0];
  const valueNode = accepted.get('filtreValeur')?.[0];
  if (nameNode === undefined || valueNode === undefined) return [];
  const name = filterNames.find((n) => n === nameNode.text);
  if (name === undefined || nameNode.children.length > 0) {
    problems.add(
      'ERR_WS_FILTER_UNKNOWN',
      nameNode,
      `filtre inconnu : ${nameNode.text} (attendu ${filterNames.join(' | ')})`,
    );
    return [];
  }
  const value = readWireValue(valueNode, valueRules[name], problems);
  return value === null ? [] : [{ name, value }];
}

/** A sort needs at least one of `triPar` (default idAbonnement) and `tri` (default ASC): assumed. */
function readSort(matched: MatchedChildren, problems: WireProblems): SubscriptionQuery['sort'] {
  const byNode = matched.accepted.get('triPar')?.[0];
  const orderNode = matched.accepted.get('tri')?.[0];
  if (byNode === undefined && orderNode === undefined) return undefined;
  const by: SortField | undefined = byNode === undefined ? 'idAbonnement' : sortFields.find((f) => f === byNode.text);
  const order: SortOrder | undefined =
    orderNode === undefined ? 'ASC' : (['ASC', 'DESC'] as const).find((o) => o === orderNode.text);
  if (by === undefined && byNode !== undefined)
    problems.add('ERR_WS_SORT_INVALID', byNode, `triPar inconnu (attendu ${sortFields.join(' | ')})`);
  if (order === undefined && orderNode !== undefined)
    problems.add('ERR_WS_SORT_INVALID', orderNode, 'tri doit valoir ASC | DESC');
  return by === undefined || order === undefined ? undefined : { by, order };
}
