/**
 * `<abonnement>` request body (gar-reference §5: create is `PUT {base}/{idAbonnement}`, update is
 * `POST`) → a checked SubscriptionInput. Every fault of the body is collected and thrown as one
 * BrokerError (see wire-problems.ts); nothing partial is ever returned.
 */
import {
  assignmentCategories,
  assignmentTypes,
  audiences,
  type Audience,
  type LicenceCounts,
  type SubscriptionCreation,
  type SubscriptionEnd,
  type SubscriptionInput,
  type SubscriptionUpdate,
} from '../subscription-input.js';
import { AbonnementFields, placeholder } from './abonnement-fields.js';
import { compareLocalDateTimes, readDateTime, schoolYearEnd } from './local-date-time.js';
import { matchElementSequence } from './match-element-sequence.js';
import { readWireRoot } from './read-wire-root.js';
import { WireProblems } from './wire-problems.js';
import { abonnementSequence } from './wsabonnement-grammar.js';
import { definedFields } from '../../core/defined-fields.js';

export interface ParseSubscriptionOptions {
  /** create (PUT): `uaiEtab` required; update (POST): `uaiEtab` forbidden (gar-reference §5). */
  readonly mode: 'create' | 'update';
  /** The `{idAbonnement}` of the URL, which the body must repeat. */
  readonly idInPath?: string;
  /** Body size limit in bytes; trust's default (64 KiB) otherwise. */
  readonly maxBytes?: number;
}

export function parseSubscriptionXml(
  body: Uint8Array | string,
  options: ParseSubscriptionOptions & { readonly mode: 'create' },
): SubscriptionCreation;
export function parseSubscriptionXml(
  body: Uint8Array | string,
  options: ParseSubscriptionOptions & { readonly mode: 'update' },
): SubscriptionUpdate;
export function parseSubscriptionXml(body: Uint8Array | string, options: ParseSubscriptionOptions): SubscriptionInput;
export function parseSubscriptionXml(body: Uint8Array | string, options: ParseSubscriptionOptions): SubscriptionInput {
  const root = readWireRoot(body, 'abonnement', options.maxBytes);
  const problems = new WireProblems();
  const fields = new AbonnementFields(matchElementSequence(root, abonnementSequence, problems), problems);
  const input = readSubscription(fields, options.mode);
  checkAcrossFields(input, fields, options.idInPath);
  problems.throwIfAny();
  return input;
}

/** Reads the fields in the grammar's order, so faults are listed in that order too. */
function readSubscription(f: AbonnementFields, mode: ParseSubscriptionOptions['mode']): SubscriptionInput {
  const idAbonnement = f.required('idAbonnement');
  const commentaireAbonnement = f.optional('commentaireAbonnement');
  const idDistributeurCom = f.required('idDistributeurCom');
  const idRessource = f.required('idRessource');
  const typeIdRessource = f.required('typeIdRessource');
  const libelleRessource = f.required('libelleRessource');
  const debutValidite = frenchDateTime(f.required('debutValidite'));
  const fin = readEnd(f);
  const uaiEtab = readEstablishment(f, mode);
  const categorieAffectation = f.oneOf('categorieAffectation', assignmentCategories);
  const typeAffectation = f.oneOf('typeAffectation', assignmentTypes);
  const licences = readLicences(f);
  const publicCible = readAudiences(f);
  const codeProjetRessource = f.optional('codeProjetRessource');
  // Optional fields are left out rather than set to undefined: the value deep-equals its re-reading.
  return {
    idAbonnement,
    ...definedFields({ commentaireAbonnement }),
    idDistributeurCom,
    idRessource,
    typeIdRessource,
    libelleRessource,
    debutValidite,
    fin,
    ...definedFields({ uaiEtab }),
    categorieAffectation,
    typeAffectation,
    licences,
    publicCible,
    ...definedFields({ codeProjetRessource }),
  };
}

/** gar-reference §5: `finValidite` or `anneeFinValidite`, exactly one. */
function readEnd(f: AbonnementFields): SubscriptionEnd {
  if (f.has('finValidite') && f.has('anneeFinValidite')) {
    f.fault(
      'ERR_WS_ELEMENT_CHOICE',
      'anneeFinValidite',
      'finValidite et anneeFinValidite ne peuvent être donnés ensemble',
    );
    return { kind: 'date', finValidite: placeholder };
  }
  if (f.has('anneeFinValidite')) {
    const anneeFinValidite = f.required('anneeFinValidite');
    return {
      kind: 'schoolYear',
      anneeFinValidite,
      finValidite: anneeFinValidite === placeholder ? placeholder : schoolYearEnd(anneeFinValidite),
    };
  }
  if (!f.has('finValidite')) {
    f.fault('ERR_WS_ELEMENT_MISSING', 'finValidite', 'élément manquant : finValidite ou anneeFinValidite');
    return { kind: 'date', finValidite: placeholder };
  }
  return { kind: 'date', finValidite: frenchDateTime(f.required('finValidite')) };
}

/** A date-time read well (either form of local-date-time.ts) as the French local one kept. */
function frenchDateTime(text: string): string {
  return text === placeholder ? placeholder : (readDateTime(text) ?? placeholder);
}

/** gar-reference §5: the establishment is set at creation and never changed. */
function readEstablishment(f: AbonnementFields, mode: ParseSubscriptionOptions['mode']): string | undefined {
  if (mode === 'create') return f.required('uaiEtab');
  if (f.has('uaiEtab'))
    f.fault('ERR_WS_ELEMENT_FORBIDDEN', 'uaiEtab', 'uaiEtab interdit en modification (établissement non modifiable)');
  return undefined;
}

const perAudienceCounts = [
  'nbLicenceEnseignant',
  'nbLicenceEleve',
  'nbLicenceProfDoc',
  'nbLicenceAutrePersonnel',
] as const;

/**
 * gar-reference §5: `nbLicenceGlobale`, or per-audience counts. GAR's rule (RG1, as publisher
 * clients quote it): the global count, or else at least one per-audience count. A per-audience
 * count left out, or empty, is 0: that audience has no licence (GAR itself treats "not given"
 * and 0 alike, e.g. for librarians in a primary school). So a primary school's body with only
 * `nbLicenceEnseignant` and `nbLicenceEleve` is whole, and a count is never made up.
 */
function readLicences(f: AbonnementFields): LicenceCounts {
  const given = perAudienceCounts.filter((name) => f.given(name));
  if (f.has('nbLicenceGlobale')) {
    const first = given[0];
    if (first !== undefined)
      f.fault(
        'ERR_WS_ELEMENT_CHOICE',
        first,
        'nbLicenceGlobale et nombres de licences par public ne peuvent être donnés ensemble',
      );
    return { kind: 'global', nbLicenceGlobale: f.count('nbLicenceGlobale') };
  }
  if (given.length === 0) {
    f.fault(
      'ERR_WS_ELEMENT_MISSING',
      'nbLicenceGlobale',
      'élément manquant : nbLicenceGlobale, ou au moins un nombre de licences par public '
        + '(nbLicenceEnseignant, nbLicenceEleve, nbLicenceProfDoc, nbLicenceAutrePersonnel)',
    );
    return { kind: 'global', nbLicenceGlobale: 0 };
  }
  return {
    kind: 'perAudience',
    nbLicenceEnseignant: f.optionalCount('nbLicenceEnseignant') ?? 0,
    nbLicenceEleve: f.optionalCount('nbLicenceEleve') ?? 0,
    nbLicenceProfDoc: f.optionalCount('nbLicenceProfDoc') ?? 0,
    nbLicenceAutrePersonnel: f.optionalCount('nbLicenceAutrePersonnel') ?? 0,
  };
}

/** gar-reference §5: 1..n audiences; naming one twice is refused, as it could only be a mistake. */
function readAudiences(f: AbonnementFields): Audience[] {
  const chosen: Audience[] = [];
  for (const { node, value: audience } of f.allOneOf('publicCible', audiences)) {
    if (chosen.includes(audience))
      f.problems.add('ERR_WS_ELEMENT_DUPLICATE', node, `publicCible en double : ${audience}`);
    else chosen.push(audience);
  }
  return chosen;
}

/** Checks between fields, each only once its fields read well (placeholders are never compared). */
function checkAcrossFields(input: SubscriptionInput, f: AbonnementFields, idInPath: string | undefined): void {
  if (idInPath !== undefined && input.idAbonnement !== placeholder && input.idAbonnement !== idInPath) {
    f.fault('ERR_WS_ID_MISMATCH', 'idAbonnement', "idAbonnement différent de l'identifiant de l'URL");
  }
  const { debutValidite, fin } = input;
  if (
    debutValidite !== placeholder
    && fin.finValidite !== placeholder
    && compareLocalDateTimes(debutValidite, fin.finValidite) > 0
  ) {
    f.fault(
      'ERR_WS_DATE_ORDER',
      fin.kind === 'date' ? 'finValidite' : 'anneeFinValidite',
      'fin de validité antérieure à debutValidite',
    );
  }
}
