/**
 * The JSON Schema (ajv 8, draft-07) of a contract document as a publisher submits it. Each
 * pattern carries a French `description`: it is the text the operator reads when a value does
 * not fit. `attributs` takes only the requestable codes of gar-reference §3: `IDO`, `UAI` and
 * `PRO` are always sent and are not asked for.
 */
import { requestableCodes } from './attribute-codes.js';

const requestable = { type: 'string', enum: [...requestableCodes] } as const;

export const contractSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['idRessource', 'version', 'finalite', 'attributs'],
  properties: {
    // An ARK id is `ark:/NAAN/name` (gar-reference §1, §5), as the resource schema checks it.
    idRessource: {
      type: 'string',
      minLength: 1,
      maxLength: 1024,
      pattern: '^ark:/[0-9bcdfghjkmnpqrstvwxz]{5,}/\\S+$',
      description: 'un identifiant ARK de la forme ark:/NAAN/nom',
    },
    version: { type: 'integer', minimum: 1, maximum: 1_000_000 },
    finalite: { type: 'string', minLength: 10, maxLength: 2000, pattern: '\\S', description: 'un texte non vide' },
    attributs: { type: 'array', uniqueItems: true, maxItems: requestableCodes.length, items: requestable },
    justifications: {
      type: 'object',
      propertyNames: requestable,
      additionalProperties: {
        type: 'string',
        minLength: 1,
        maxLength: 1000,
        pattern: '\\S',
        description: 'un texte non vide',
      },
    },
  },
} as const;
