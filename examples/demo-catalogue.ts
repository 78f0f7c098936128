/**
 * What the demo federation is made of: one ENT project, one publisher who is its own commercial
 * and technical distributor, and five resources. The first three, opened through SAML, show the
 * three outcomes of a click — open to the whole establishment, open to one class only, and
 * assigned to nobody; the last two show the other publisher protocols (OpenID Connect, CAS 3),
 * each with its own contract, so that the release differs from one resource to the next.
 * Ids are test ids: ARK NAAN 99999 is the ARK test authority; the SIREN is not a real company's.
 */
import type { RequestableCode } from '../src/attribute-filter/index.js';
import type { VocabularyTerm } from '../src/subscriptions/index.js';

export const demoEntId = 'DEMO';
/**
 * The partners' entityIDs. GAR's are their metadata URLs, which the broker takes in https only;
 * the demo runs on http://localhost, so its partners are named by URNs (and stay the same when a
 * demo port changes).
 */
export const demoEntityIds = {
  ent: 'urn:gar-broker-demo:ent',
  publisher: 'urn:gar-broker-demo:editions-demo',
} as const;
export const demoEntName = 'ENT Démo';
export const demoDistributor = { id: '900000001_0000000000000001', nom: 'Éditions Démo' } as const;
export const demoPublisher = { id: 'editions-demo', nom: 'Éditions Démo' } as const;
/** The demo publisher's OIDC client at the broker (registered for `demoDistributor`). */
export const demoOidcClientId = 'editions-demo-oidc';
/** UAIs of the generated delivery start with 0999 (no real département), apart from other ENT projects. */
export const demoUaiPrefix = '0999';
/** The class whose pupils and teachers are assigned « Exercices de français ». */
export const demoAssignedClass = '6A';

/**
 * ScoLOMFR terms the médiacentre shows beside each resource: educational types (`voc-010`) and
 * document types (`voc-005`), real terms as GAR's validation médiacentre lists them.
 */
const scolomfr = (concept: string, nom: string): VocabularyTerm => ({
  uri: `http://data.education.fr/voc/scolomfr/concept/${concept}`,
  nom,
});
const manuelEnseignement = scolomfr('scolomfr-voc-010-num-014', "manuel d'enseignement");
const activitePedagogique = scolomfr('scolomfr-voc-010-num-027', 'activité pédagogique');
const coursPresentation = scolomfr('lecture', 'cours / présentation');
const livreNumerique = scolomfr('scolomfr-voc-005-num-024', 'livre numérique');
const siteWeb = scolomfr('scolomfr-voc-005-num-039', 'site Web');

export type DemoLicensing =
  /** An ETABL subscription: everyone of the establishment may open it. */
  | { readonly kind: 'establishment' }
  /** An INDIV subscription assigned to the pupils and the teachers of `demoAssignedClass`. */
  | { readonly kind: 'class' }
  /** An INDIV subscription that nobody was assigned: the broker refuses every access. */
  | { readonly kind: 'nobody' };

/** How the demo publisher's page of the resource asks the broker who the user is. */
export type DemoProtocol = 'saml' | 'oidc' | 'cas';

export interface DemoResource {
  /** The resource's page on the demo publisher, also its `urlAccesRessource` (and, for CAS, its service URL). */
  readonly path: string;
  readonly protocol: DemoProtocol;
  readonly idRessource: string;
  readonly nom: string;
  readonly description: string;
  readonly presentation: { readonly code: string; readonly nom: string };
  readonly typePedagogique: readonly VocabularyTerm[];
  readonly typologieDocument: readonly VocabularyTerm[];
  readonly subscriptionId: string;
  readonly licensing: DemoLicensing;
  /** The contract's attributes beyond IDO, UAI, PRO. */
  readonly attributs: readonly RequestableCode[];
  readonly finalite: string;
}

export const demoResources: readonly DemoResource[] = [
  {
    path: '/manuel-maths',
    protocol: 'saml',
    idRessource: 'ark:/99999/demo-manuel-maths',
    nom: 'Manuel de mathématiques (démo)',
    description: 'Abonnement établissement : tous les élèves et personnels y ont accès.',
    presentation: { code: 'MAN', nom: 'manuel numérique' },
    typePedagogique: [manuelEnseignement],
    typologieDocument: [livreNumerique],
    subscriptionId: 'DEMO-MATHS-ETAB',
    licensing: { kind: 'establishment' },
    attributs: ['NOM', 'PRE', 'CIV', 'DIV', 'E_MS4', 'P_MS4', 'P_MAT'],
    finalite:
      'Afficher le nom de l’utilisateur, adapter le manuel au niveau de l’élève et aux classes de l’enseignant.',
  },
  {
    path: '/exercices-francais',
    protocol: 'saml',
    idRessource: 'ark:/99999/demo-exercices-francais',
    nom: 'Exercices de français (démo)',
    description: `Licences individuelles affectées à la classe ${demoAssignedClass} (élèves et enseignants).`,
    presentation: { code: 'MUL', nom: 'ressource multimédia' },
    typePedagogique: [activitePedagogique],
    typologieDocument: [siteWeb],
    subscriptionId: 'DEMO-FRANCAIS-6A',
    licensing: { kind: 'class' },
    attributs: ['PRE', 'DIV', 'GRO', 'DIV_APP'],
    finalite: 'Regrouper les exercices par classe et par groupe.',
  },
  {
    path: '/atlas-histoire',
    protocol: 'saml',
    idRessource: 'ark:/99999/demo-atlas-histoire',
    nom: 'Atlas d’histoire (démo)',
    description: 'Licences individuelles affectées à personne : le courtier refuse l’accès.',
    presentation: { code: 'DIC', nom: 'dictionnaire, atlas' },
    typePedagogique: [coursPresentation],
    typologieDocument: [livreNumerique],
    subscriptionId: 'DEMO-ATLAS-AUCUN',
    licensing: { kind: 'nobody' },
    attributs: [],
    finalite: 'Consultation anonyme : aucune donnée au-delà de IDO, UAI et PRO.',
  },
  {
    path: '/quiz-sciences',
    protocol: 'oidc',
    idRessource: 'ark:/99999/demo-quiz-sciences',
    nom: 'Quiz de sciences (OpenID Connect)',
    description: `Ouverte par OpenID Connect ; licences individuelles affectées à la classe ${demoAssignedClass}.`,
    presentation: { code: 'MUL', nom: 'ressource multimédia' },
    typePedagogique: [activitePedagogique],
    typologieDocument: [siteWeb],
    subscriptionId: 'DEMO-QUIZ-6A',
    licensing: { kind: 'class' },
    attributs: ['PRE', 'DIV', 'E_MS4'],
    finalite: 'Saluer l’élève par son prénom, proposer les quiz de son niveau et de sa classe.',
  },
  {
    path: '/dictionnaire',
    protocol: 'cas',
    idRessource: 'ark:/99999/demo-dictionnaire',
    nom: 'Dictionnaire (CAS)',
    description: `Ouverte par CAS 3 ; licences individuelles affectées à la classe ${demoAssignedClass}.`,
    presentation: { code: 'DIC', nom: 'dictionnaire, atlas' },
    typePedagogique: [coursPresentation],
    typologieDocument: [siteWeb],
    subscriptionId: 'DEMO-DICO-6A',
    licensing: { kind: 'class' },
    attributs: ['IDC'],
    finalite:
      'Garder les listes de mots de l’utilisateur sous un identifiant propre au dictionnaire (IDC), '
      + 'sans nom ni classe.',
  },
];
