/**
 * The JSON Schema (ajv 8, draft-07) of one `ResourceDescription` as the operator writes it for
 * `gar-broker resource add|import`. Lengths follow GAR's subscription grammar where the same value
 * travels there (gar-reference §5: `idRessource` ≤1024, `typeIdRessource` ≤50, labels ≤255,
 * distributor ids `SIREN_16digits`). Each pattern or format carries a French `description`: it is
 * the text an operator reads when the value does not fit.
 */

const noWhiteSpace = '^\\S+$';

const text = (maxLength: number) =>
  ({
    type: 'string',
    minLength: 1,
    maxLength,
    pattern: '\\S',
    description: 'un texte non vide',
  }) as const;

/**
 * Where the médiacentre sends a browser, and where it fetches the thumbnail: https only, so that
 * nothing travels in clear from a school network; plain http only to the local machine, for demos.
 */
const webUrl = {
  type: 'string',
  minLength: 1,
  maxLength: 2048,
  pattern:
    '^(https://[A-Za-z0-9.-]+(:[0-9]{1,5})?([/?#]\\S*)?|http://(localhost|127\\.0\\.0\\.1)(:[0-9]{1,5})?([/?#]\\S*)?)$',
  description: 'une URL https:// (http:// seulement vers localhost ou 127.0.0.1, pour les démonstrations)',
} as const;

const party = (id: object) =>
  ({
    type: 'object',
    additionalProperties: false,
    required: ['id', 'nom'],
    properties: { id, nom: text(255) },
  }) as const;

/** A distributor is named by `SIREN_16digits`, as in `idDistributeurCom` (gar-reference §5). */
const sirenId = {
  type: 'string',
  pattern: '^[0-9]{9}_[0-9]{16}$',
  description: 'un identifiant de distributeur SIREN_16chiffres (9 chiffres, « _ », 16 chiffres)',
} as const;

const distributor = party(sirenId);

const vocabularyTerms = {
  type: 'array',
  maxItems: 100,
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['uri', 'nom'],
    properties: {
      uri: { type: 'string', maxLength: 1024, format: 'uri', description: 'une URI absolue (vocabulaire ScoLOMFR)' },
      nom: text(255),
    },
  },
} as const;

export const resourceSchema = {
  type: 'object',
  additionalProperties: false,
  required: [
    'idRessource',
    'typeIdRessource',
    'nomRessource',
    'editeur',
    'distributeurCom',
    'distributeurTech',
    'fournisseurService',
    'urlAccesRessource',
    'typePresentation',
    'niveauEducatif',
    'domaineEnseignement',
  ],
  properties: {
    idRessource: {
      type: 'string',
      minLength: 1,
      maxLength: 1024,
      pattern: noWhiteSpace,
      description: 'un identifiant sans espace',
    },
    typeIdRessource: {
      type: 'string',
      minLength: 1,
      maxLength: 50,
      pattern: noWhiteSpace,
      description: 'un type d’identifiant sans espace (ark)',
    },
    nomRessource: text(255),
    editeur: party({
      type: 'string',
      minLength: 1,
      maxLength: 64,
      pattern: noWhiteSpace,
      description: 'un identifiant sans espace',
    }),
    distributeurCom: distributor,
    distributeurTech: distributor,
    // A SAML entityID, an OIDC client id or a CAS service URL: their forms differ, their common
    // ground is a non-empty token without white space.
    fournisseurService: {
      type: 'string',
      minLength: 1,
      maxLength: 1024,
      pattern: noWhiteSpace,
      description:
        'un identifiant de fournisseur de service sans espace (entityID SAML, client_id OIDC ou service CAS)',
    },
    urlAccesRessource: webUrl,
    urlVignette: webUrl,
    // The médiacentre's presentation codes (gar-reference §6: MAN, MUL, ACC, DIC, DOC, PRO); the
    // list is not closed in public documents, so any short upper-case code is accepted.
    typePresentation: {
      type: 'object',
      additionalProperties: false,
      required: ['code', 'nom'],
      properties: {
        code: {
          type: 'string',
          pattern: '^[A-Z0-9_]{1,32}$',
          description: 'un code de 1 à 32 caractères A-Z, 0-9 ou _ (MAN, MUL, ACC, DIC, DOC, PRO…)',
        },
        nom: text(255),
      },
    },
    niveauEducatif: vocabularyTerms,
    domaineEnseignement: vocabularyTerms,
    // Optional: the médiacentre lists them as given (gar-reference §6); absent means none.
    typePedagogique: vocabularyTerms,
    typologieDocument: vocabularyTerms,
    // The médiacentre names who validated the integration; absent, the technical distributor.
    validateurTech: {
      ...sirenId,
      description: 'un identifiant de validateur technique SIREN_16chiffres (9 chiffres, « _ », 16 chiffres)',
    },
    // `ressourcesDiffusables` flags of the catalogue an ENT project reads (gar-reference §6); absent means true.
    affichable: {
      type: 'boolean',
      description: 'true ou false : la ressource peut-elle apparaître dans un médiacentre',
    },
    diffusable: { type: 'boolean', description: 'true ou false : la ressource est-elle proposée aux projets ENT' },
  },
  // An ARK id (gar-reference §5: `typeIdRessource` `ark`) is `ark:/NAAN/name`; the NAAN is the
  // naming authority's number (betanumeric, five characters or more).
  if: { properties: { typeIdRessource: { const: 'ark' } }, required: ['typeIdRessource'] },
  then: {
    properties: {
      idRessource: {
        type: 'string',
        pattern: '^ark:/[0-9bcdfghjkmnpqrstvwxz]{5,}/\\S+$',
        description: 'un identifiant ARK de la forme ark:/NAAN/nom',
      },
    },
  },
} as const;

/** `resource import`: a bare array of resources. */
export const resourceListSchema = { type: 'array', items: resourceSchema } as const;

/** `resource import`: the same array under `ressources`, the shape `resource list --json` prints. */
export const resourceCatalogueSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['ressources'],
  properties: { ressources: resourceListSchema },
} as const;
