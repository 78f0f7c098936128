/**
 * One record of a feed file → a typed FeedRecord, or a record-level issue. A bad record is
 * rejected alone (the file goes on): the importer decides what share of rejects it tolerates.
 */
import type { XmlNode } from '../../trust/index.js';
import { feedRecordMappers } from './feed-record-mappers.js';
import type { FeedItem } from './feed-records.js';
import { feedSpec, type ChildSpec, type Degree, type DocumentKind, type RecordElement } from './feed-spec.js';
import { matchRecordSpec } from './match-record-spec.js';
import type { RecordFields } from './record-fields.js';
import { RecordRejection, rejectRecord } from './record-rejection.js';

export interface RecordContext {
  readonly file: string;
  readonly degree: Degree;
  readonly kind: DocumentKind;
}

/** The elements whose values, joined by `/`, identify a record in reports (gar-reference §6, keys). */
const keyElements: Readonly<Record<RecordElement, readonly string[]>> = {
  GAREtab: ['GARStructureUAI'],
  GARMEF: ['GARStructureUAI', 'GARMEFCode'],
  GARMatiere: ['GARStructureUAI', 'GARMatiereCode'],
  GAREleve: ['GARPersonIdentifiant'],
  GAREnseignant: ['GARPersonIdentifiant'],
  GARRespAff: ['GARPersonIdentifiant'],
  GARPersonMEF: ['GARStructureUAI', 'GARPersonIdentifiant', 'GARMEFCode'],
  GARPersonMEFSTAT4: ['GARStructureUAI', 'GARPersonIdentifiant', 'GARMEFSTAT4Code'],
  GAREleveEnseignement: ['GARStructureUAI', 'GARPersonIdentifiant', 'GARMatiereCode'],
  GARGroupe: ['GARStructureUAI', 'GARGroupeCode'],
  GARPersonGroupe: ['GARStructureUAI', 'GARPersonIdentifiant', 'GARGroupeCode'],
  GAREnsGroupeMatiere: ['GARStructureUAI', 'GARPersonIdentifiant', 'GARGroupeCode'],
  GAREnsClasseMatiere: ['GARStructureUAI', 'GARPersonIdentifiant', 'GARGroupeCode'],
};

/** A record misplaced in another document keeps its own key; an unknown one, a person id if any. */
function keysOf(element: string): readonly string[] {
  return Object.hasOwn(keyElements, element) ? keyElements[element as RecordElement] : ['GARPersonIdentifiant'];
}

interface RecordRule {
  readonly element: RecordElement;
  readonly specs: readonly ChildSpec[];
  readonly keys: readonly string[];
}

export type RecordValidator = (node: XmlNode) => FeedItem;

/**
 * A validator for the records of one file: the records its document kind allows are looked up
 * once, so the per-record cost is one Map lookup plus the generic match.
 */
export function createRecordValidator(context: RecordContext): RecordValidator {
  const rules = new Map<string, RecordRule>();
  for (const [element, specs] of Object.entries(feedSpec[context.degree][context.kind]) as [
    RecordElement,
    readonly ChildSpec[],
  ][]) {
    rules.set(element, { element, specs, keys: keyElements[element] });
  }
  return (node) => validateWith(rules.get(node.name), node, context);
}

export function validateRecord(node: XmlNode, context: RecordContext): FeedItem {
  return createRecordValidator(context)(node);
}

function validateWith(rule: RecordRule | undefined, node: XmlNode, context: RecordContext): FeedItem {
  try {
    if (rule === undefined) {
      throw rejectRecord(
        'ERR_FEED_RECORD_UNKNOWN',
        node,
        `enregistrement ${node.name} non admis dans un fichier ${context.degree} ${context.kind}`,
      );
    }
    const fields = matchRecordSpec(rule.specs, node);
    const record = feedRecordMappers[rule.element](fields, node.line);
    return {
      ok: true,
      record,
      at: { file: context.file, line: node.line, element: rule.element, recordId: matchedKey(fields, rule.keys) },
    };
  } catch (err) {
    if (!(err instanceof RecordRejection)) throw err;
    const recordId = rawKey(node, rule?.keys ?? keysOf(node.name));
    return {
      ok: false,
      issue: { file: context.file, line: err.line, element: node.name, recordId, code: err.code, message: err.message },
    };
  }
}

function matchedKey(fields: RecordFields, keys: readonly string[]): string {
  return keys.length === 1 ? fields.one(keys[0] as string) : keys.map((key) => fields.one(key)).join('/');
}

/** The key as read from the raw children, so that even a rejected record is findable. */
function rawKey(node: XmlNode, keys: readonly string[]): string | null {
  const parts: string[] = [];
  for (const key of keys) {
    const child = node.children.find((c) => c.name === key);
    if (child === undefined || child.text === '') return null;
    parts.push(child.text);
  }
  return parts.join('/');
}
