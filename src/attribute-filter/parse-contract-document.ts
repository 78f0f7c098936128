/**
 * A contract document (JSON text, from a publisher) → a checked `ContractDocument`. Every problem
 * is collected, each named by its JSON pointer, so the publisher fixes them all in one go; a
 * document with any problem yields nothing. The text arrives as an argument: no file is read here.
 */
import { Ajv, type ErrorObject } from 'ajv';
import { fail } from '../core/fail.js';
import { alwaysReleased, requestableCodes } from './attribute-codes.js';
import type { ContractDocument } from './contract.js';
import { contractSchema } from './contract-schema.js';

/** A contract is a few hundred bytes; beyond this it is refused unread. */
export const maxContractDocumentBytes = 64 * 1024;

interface ContractProblem {
  readonly pointer: string;
  readonly message: string;
}

const ajv = new Ajv({ allErrors: true, strict: true, verbose: true });
const validate = ajv.compile(contractSchema);

/** Throws ERR_CONTRACT_JSON (not JSON) or ERR_CONTRACT_INVALID (every problem listed, pointers in `detail`). */
export function parseContractDocument(text: string): ContractDocument {
  const size = Buffer.byteLength(text, 'utf8');
  if (size > maxContractDocumentBytes) {
    throw invalid([
      { pointer: '', message: `document trop volumineux (plus de ${maxContractDocumentBytes / 1024} Kio)` },
    ]);
  }
  const value = parseJson(text);
  const problems = validate(value) ? [] : (validate.errors ?? []).flatMap(describeError);
  problems.push(...unrequestedJustifications(value));
  if (problems.length > 0) throw invalid(problems);
  return value as ContractDocument;
}

function parseJson(text: string): unknown {
  try {
    // A byte order mark is what some editors put first; it is not part of the JSON text.
    return JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
  } catch (error) {
    throw fail('ERR_CONTRACT_JSON', `Le contrat n'est pas du JSON valide : ${(error as Error).message}`, String(error));
  }
}

/** A justification for an attribute the contract does not request is a slip the operator should see. */
function unrequestedJustifications(value: unknown): ContractProblem[] {
  // Without a list of attributes, that list is the problem to report, not each justification.
  if (!isObject(value) || !isObject(value['justifications']) || !Array.isArray(value['attributs'])) return [];
  const requested: unknown[] = value['attributs'];
  return Object.keys(value['justifications'])
    .filter((code) => (requestableCodes as readonly string[]).includes(code) && !requested.includes(code))
    .map((code) => ({
      pointer: child('/justifications', code),
      message: 'justifie un attribut que le contrat ne demande pas',
    }));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function invalid(all: readonly ContractProblem[]): Error {
  // One line per location (a value breaking two rules is one fix), in the document's order.
  const first = new Map<string, ContractProblem>();
  for (const problem of all) if (!first.has(problem.pointer)) first.set(problem.pointer, problem);
  const problems = [...first.values()].sort((a, b) => pointerOrder.compare(a.pointer, b.pointer));
  const lines = problems.map((p) => `- ${p.pointer === '' ? '(document)' : p.pointer} : ${p.message}`);
  const count = `${problems.length} problème${problems.length > 1 ? 's' : ''}`;
  return fail(
    'ERR_CONTRACT_INVALID',
    `Contrat invalide (${count}) :\n${lines.join('\n')}`,
    problems.map((p) => p.pointer).join(' '),
  );
}

const pointerOrder = new Intl.Collator('en', { numeric: true });

const typeNames: Readonly<Record<string, string>> = {
  string: 'une chaîne de caractères',
  object: 'un objet',
  array: 'un tableau',
  integer: 'un entier',
};

/** An ajv error → a French problem at a JSON pointer (ajv's instancePath is already one). */
function describeError(error: ErrorObject): ContractProblem[] {
  const at = error.instancePath;
  const limit = Number(error.params['limit']);
  if (error.propertyName !== undefined) return []; // reported by its `propertyNames` error, at the key
  switch (error.keyword) {
    case 'required':
      return [{ pointer: child(at, String(error.params['missingProperty'])), message: 'champ obligatoire absent' }];
    case 'additionalProperties':
      return [{ pointer: child(at, String(error.params['additionalProperty'])), message: 'champ inconnu' }];
    case 'propertyNames':
      return [
        {
          pointer: child(at, String(error.params['propertyName'])),
          message: codeProblem(error.params['propertyName']),
        },
      ];
    case 'type':
      return [
        {
          pointer: at,
          message: `doit être ${typeNames[String(error.params['type'])] ?? String(error.params['type'])}`,
        },
      ];
    case 'enum':
      return [{ pointer: at, message: codeProblem(error.data) }];
    case 'uniqueItems':
      return [
        {
          pointer: `${at}/${Math.max(Number(error.params['i']), Number(error.params['j']))}`,
          message: 'attribut déjà demandé',
        },
      ];
    case 'minimum':
      return [{ pointer: at, message: `doit être au moins ${limit}` }];
    case 'maximum':
      return [{ pointer: at, message: `doit être au plus ${limit}` }];
    case 'minLength':
      return [{ pointer: at, message: `doit contenir au moins ${limit} caractères` }];
    case 'maxLength':
      return [{ pointer: at, message: `doit contenir au plus ${limit} caractères` }];
    case 'maxItems':
      return [{ pointer: at, message: `doit contenir au plus ${limit} éléments` }];
    case 'pattern':
      return [{ pointer: at, message: `doit être ${describedAs(error)}` }];
    default:
      return [{ pointer: at, message: `valeur refusée (${error.keyword})` }];
  }
}

/** gar-reference §3: `IDO`, `UAI`, `PRO` are always sent, so asking for them is a misunderstanding worth naming. */
function codeProblem(value: unknown): string {
  if ((alwaysReleased as readonly unknown[]).includes(value))
    return `${String(value)} est toujours transmis : il ne se demande pas`;
  return `code d'attribut inconnu (attendus : ${requestableCodes.join(', ')})`;
}

function describedAs(error: ErrorObject): string {
  const schema = error.parentSchema as { description?: unknown } | undefined;
  return typeof schema?.description === 'string' ? schema.description : 'de la forme attendue';
}

/** RFC 6901: `~` and `/` inside a key are escaped. */
function child(pointer: string, key: string): string {
  return `${pointer}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
}
