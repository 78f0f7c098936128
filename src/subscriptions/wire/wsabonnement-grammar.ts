/**
 * The GAR `wsabonnement` v1.0 grammar as data (gar-reference §5): the namespace, the order of the
 * children of `<abonnement>` and `<filtres>`, and the limits and forms of each value. The parsers
 * check against it; the renderer writes in the same order, and the round-trip property test
 * proves both agree.
 */
import { assignmentCategories, assignmentTypes, audiences } from '../subscription-input.js';
import { isSchoolYear, readDateTime } from './local-date-time.js';
import { parseLicenceCount } from './parse-licence-count.js';

export const wsabonnementNamespace = 'http://www.atosworldline.com/wsabonnement/v1.0/';

/** The children an element may hold, as ranks: a child may not rank below the one before it. */
export interface SequenceSpec {
  readonly ranks: ReadonlyMap<string, number>;
  /** Elements that may appear more than once, one after the other. */
  readonly repeatable: ReadonlySet<string>;
}

/** Names sharing a rank are alternatives: their either/or is the parser's check, not the order's. */
function sequence(ranks: readonly (readonly string[])[], repeatable: readonly string[] = []): SequenceSpec {
  return {
    ranks: new Map(ranks.flatMap((names, rank) => names.map((name) => [name, rank] as const))),
    repeatable: new Set(repeatable),
  };
}

/**
 * gar-reference §5, in order. `nbLicenceGlobale` shares its rank with the first per-audience
 * count so that giving both reads as the either/or fault it is (ERR_WS_ELEMENT_CHOICE), not as
 * an order fault.
 */
export const abonnementSequence = sequence(
  [
    ['idAbonnement'],
    ['commentaireAbonnement'],
    ['idDistributeurCom'],
    ['idRessource'],
    ['typeIdRessource'],
    ['libelleRessource'],
    ['debutValidite'],
    ['finValidite', 'anneeFinValidite'],
    ['uaiEtab'],
    ['categorieAffectation'],
    ['typeAffectation'],
    ['nbLicenceGlobale', 'nbLicenceEnseignant'],
    ['nbLicenceEleve'],
    ['nbLicenceProfDoc'],
    ['nbLicenceAutrePersonnel'],
    ['publicCible'],
    ['codeProjetRessource'],
  ],
  ['publicCible'],
);

/** gar-reference §5 list request: `<filtres>` holds 0..n `<filtre>`, then `<triPar>`?, `<tri>`?. */
export const filtresSequence = sequence([['filtre'], ['triPar'], ['tri']], ['filtre']);
export const filtreSequence = sequence([['filtreNom'], ['filtreValeur']]);

export interface ValueRule {
  /** In characters (code points), as XSD lengths count. */
  readonly maxLength: number;
  /** When set, the value must be one of these, exactly. */
  readonly oneOf?: readonly string[];
  /** When set, the form the value must have (checked after the length, so on bounded text). */
  readonly check?: (value: string) => boolean;
}

export type AbonnementLeaf =
  | 'idAbonnement'
  | 'commentaireAbonnement'
  | 'idDistributeurCom'
  | 'idRessource'
  | 'typeIdRessource'
  | 'libelleRessource'
  | 'debutValidite'
  | 'finValidite'
  | 'anneeFinValidite'
  | 'uaiEtab'
  | 'categorieAffectation'
  | 'typeAffectation'
  | 'nbLicenceGlobale'
  | 'nbLicenceEnseignant'
  | 'nbLicenceEleve'
  | 'nbLicenceProfDoc'
  | 'nbLicenceAutrePersonnel'
  | 'publicCible'
  | 'codeProjetRessource';

const noWhiteSpace = (value: string): boolean => /^\S+$/.test(value);
const isCount = (value: string): boolean => parseLicenceCount(value) !== null;
const isDateTime = (value: string): boolean => readDateTime(value) !== null;

/** gar-reference §5 "Format and limits". Where the reference gives no limit, the assumption is noted. */
export const valueRules: Readonly<Record<AbonnementLeaf, ValueRule>> = {
  idAbonnement: { maxLength: 45, check: noWhiteSpace },
  commentaireAbonnement: { maxLength: 255 },
  // SIREN (9 digits) `_` 16 digits = 26 characters; GAR's own answers show e.g. 832020065_0000000000000000.
  idDistributeurCom: { maxLength: 26, check: (value) => /^\d{9}_\d{16}$/.test(value) },
  idRessource: { maxLength: 1024 },
  typeIdRessource: { maxLength: 50 },
  libelleRessource: { maxLength: 255 },
  // `YYYY-MM-DDThh:mm:ss`, a fraction of up to 9 digits, an offset `±hh:mm`: 19 + 10 + 6.
  debutValidite: { maxLength: 35, check: isDateTime },
  finValidite: { maxLength: 35, check: isDateTime },
  anneeFinValidite: { maxLength: 9, check: isSchoolYear },
  // A UAI; ≤45 and no white space as in the feed (gar-reference §6), not the 8-character form,
  // so that test establishments keep working.
  uaiEtab: { maxLength: 45, check: noWhiteSpace },
  categorieAffectation: { maxLength: 16, oneOf: assignmentCategories },
  typeAffectation: { maxLength: 5, oneOf: assignmentTypes },
  nbLicenceGlobale: { maxLength: 10, check: isCount },
  nbLicenceEnseignant: { maxLength: 10, check: isCount },
  nbLicenceEleve: { maxLength: 10, check: isCount },
  nbLicenceProfDoc: { maxLength: 10, check: isCount },
  nbLicenceAutrePersonnel: { maxLength: 10, check: isCount },
  publicCible: { maxLength: 15, oneOf: audiences },
  // Assumed: gar-reference gives no limit for the project code.
  codeProjetRessource: { maxLength: 255 },
};
