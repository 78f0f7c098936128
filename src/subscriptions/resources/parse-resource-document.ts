/**
 * A resource document (`gar-broker resource add|import`) → checked `ResourceDescription`s. Every
 * problem of the document is collected, each named by its JSON pointer, so the operator fixes
 * them all in one go; a document with any problem yields nothing, so nothing of it is written.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { fail } from '../../core/fail.js';
import { crossCheckResources, type ResourceProblem } from './cross-check-resources.js';
import type { ResourceDescription } from './resource-description.js';
import { resourceCatalogueSchema, resourceListSchema, resourceSchema } from './resource-schema.js';

// ajv-formats ships CommonJS; under nodenext its default export is the module object.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/** Beyond this a document is refused unread: a catalogue of thousands of resources stays far below. */
export const maxResourceDocumentBytes = 16 * 1024 * 1024;
const maxListedProblems = 50;

// verbose: each error carries its schema, whose French `description` explains a pattern or format.
const ajv = new Ajv({ allErrors: true, strict: true, verbose: true });
addFormats(ajv);
const validateOne = ajv.compile(resourceSchema);
const validateList = ajv.compile(resourceListSchema);
const validateCatalogue = ajv.compile(resourceCatalogueSchema);

/**
 * `one`: a single resource object. `many`: an array of resources, or `{ "ressources": [ … ] }`.
 * Throws ERR_RESOURCE_TOO_LARGE, ERR_RESOURCE_JSON or ERR_RESOURCE_INVALID (every problem listed).
 */
export function parseResourceDocument(text: string, mode: 'one' | 'many'): readonly ResourceDescription[] {
  const size = Buffer.byteLength(text, 'utf8');
  if (size > maxResourceDocumentBytes) {
    throw fail(
      'ERR_RESOURCE_TOO_LARGE',
      `Document de ressources trop volumineux (plus de ${maxResourceDocumentBytes / 1024 / 1024} Mio).`,
      `${size} bytes`,
    );
  }
  const value = parseJson(text);
  const { validate, items, base } = shapeOf(value, mode);
  const problems = validate(value) ? [] : (validate.errors ?? []).flatMap(describeError);
  problems.push(...crossCheckResources(items, base));
  if (problems.length > 0) throw invalid(problems);
  return items as readonly ResourceDescription[];
}

function parseJson(text: string): unknown {
  try {
    // A byte order mark is what some editors put first; it is not part of the JSON text.
    return JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
  } catch (error) {
    throw fail(
      'ERR_RESOURCE_JSON',
      `Le document de ressources n'est pas du JSON valide : ${(error as Error).message}`,
      String(error),
    );
  }
}

interface Shape {
  readonly validate: ValidateFunction;
  /** The resources of the document, as parsed (checked only once `validate` passed). */
  readonly items: readonly unknown[];
  /** The JSON pointer of the resources array ('' for a bare array), to name each resource. */
  readonly base: string | null;
}

function shapeOf(value: unknown, mode: 'one' | 'many'): Shape {
  if (mode === 'one') return { validate: validateOne, items: [value], base: null };
  if (Array.isArray(value)) return { validate: validateList, items: value, base: '' };
  const inner = isObject(value) ? value['ressources'] : undefined;
  return { validate: validateCatalogue, items: Array.isArray(inner) ? inner : [], base: '/ressources' };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function invalid(all: readonly ResourceProblem[]): Error {
  // One line per location (a value breaking two rules is one fix), in the document's order.
  const first = new Map<string, ResourceProblem>();
  for (const problem of all) if (!first.has(problem.pointer)) first.set(problem.pointer, problem);
  const problems = [...first.values()].sort((a, b) => pointerOrder.compare(a.pointer, b.pointer));
  const lines = problems
    .slice(0, maxListedProblems)
    .map((p) => `- ${p.pointer === '' ? '(document)' : p.pointer} : ${p.message}`);
  const more = problems.length - maxListedProblems;
  if (more > 0) lines.push(`- et ${more} autre${more > 1 ? 's' : ''}.`);
  const count = `${problems.length} problème${problems.length > 1 ? 's' : ''}`;
  return fail(
    'ERR_RESOURCE_INVALID',
    `Document de ressources invalide (${count}), rien n'a été enregistré :\n${lines.join('\n')}`,
    problems.map((p) => p.pointer).join(' '),
  );
}

const pointerOrder = new Intl.Collator('en', { numeric: true });

const typeNames: Readonly<Record<string, string>> = {
  string: 'une chaîne de caractères',
  object: 'un objet',
  array: 'un tableau',
  integer: 'un entier',
  number: 'un nombre',
  boolean: 'un booléen (true ou false)',
};

/** An ajv error → a French problem at a JSON pointer (ajv's instancePath is already one). */
function describeError(error: ErrorObject): ResourceProblem[] {
  const at = error.instancePath;
  const limit = Number(error.params['limit']);
  switch (error.keyword) {
    case 'if':
      return []; // the failing `then` reports itself
    case 'required':
      return [{ pointer: child(at, String(error.params['missingProperty'])), message: 'champ obligatoire absent' }];
    case 'additionalProperties':
      return [{ pointer: child(at, String(error.params['additionalProperty'])), message: 'champ inconnu' }];
    case 'type':
      return [
        {
          pointer: at,
          message: `doit être ${typeNames[String(error.params['type'])] ?? String(error.params['type'])}`,
        },
      ];
    case 'minLength':
      return [
        { pointer: at, message: limit === 1 ? 'ne doit pas être vide' : `doit contenir au moins ${limit} caractères` },
      ];
    case 'maxLength':
      return [{ pointer: at, message: `doit contenir au plus ${limit} caractères` }];
    case 'maxItems':
      return [{ pointer: at, message: `doit contenir au plus ${limit} éléments` }];
    case 'pattern':
    case 'format':
      return [{ pointer: at, message: `doit être ${describedAs(error)}` }];
    default:
      return [{ pointer: at, message: `valeur refusée (${error.keyword})` }];
  }
}

function describedAs(error: ErrorObject): string {
  const schema = error.parentSchema as { description?: unknown } | undefined;
  return typeof schema?.description === 'string' ? schema.description : 'de la forme attendue';
}

/** RFC 6901: `~` and `/` inside a key are escaped. */
function child(pointer: string, key: string): string {
  return `${pointer}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
}
