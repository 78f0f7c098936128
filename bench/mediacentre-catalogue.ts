/**
 * The catalogue bench:mediacentre seeds (gar-reference §5): 20 resources of 4 distributors; in
 * every establishment 3 free ETABL subscriptions (ILLIMITE, all audiences, as the operator makes
 * for free resources) and 5 INDIV ones with limited counts, each with the assignments an RA would
 * make: a level and all teachers, a few classes (pupils, and teachers teaching them), a level in
 * one establishment of eight. Counts are sized on the establishment, some short on purpose (people
 * left waiting). Everything follows from the establishment's index: the same plan every run.
 */
import type { AssignmentTarget, LicenceCounts, SubscriptionCreation } from '../src/subscriptions/index.js';

export const entId = 'Z0';
const distributors = [
  '832020065_0000000000000001',
  '832020065_0000000000000002',
  '552081317_0000000000000003',
  '552081317_0000000000000004',
];
const presentations = [
  ['MAN', 'Manuel numérique'],
  ['MUL', 'Multimédia'],
  ['ACC', 'Accompagnement'],
  ['DIC', 'Référence'],
  ['DOC', 'Documentaire / presse'],
  ['PRO', 'Production'],
] as const;
const resourceCount = 20;
/** Resources 0–2 are free (ETABL everywhere); the others are sold per licence (INDIV). */
const freeResources = 3;

export const resourceId = (r: number): string => `ark:/86527/bench${String(r).padStart(3, '0')}`;
const distributorOf = (r: number): string => distributors[r % distributors.length] as string;
const term = (vocabulary: string, code: string, nom: string) => ({
  uri: `http://data.education.fr/voc/scolomfr/${vocabulary}/${code}`,
  nom,
});

/** The `resource import` document: médiacentre fields filled as a publisher would. */
export function benchResources(): object[] {
  return Array.from({ length: resourceCount }, (_, r) => {
    const [code, nom] = presentations[r % presentations.length] as readonly [string, string];
    const distributor = { id: distributorOf(r), nom: `Distributeur ${(r % distributors.length) + 1}` };
    return {
      idRessource: resourceId(r),
      typeIdRessource: 'ark',
      nomRessource: `Ressource de charge ${r} : ${nom.toLowerCase()} pour le collège et le lycée`,
      editeur: { id: `editeur-${r % 7}`, nom: `Éditions de charge ${r % 7}` },
      distributeurCom: distributor,
      distributeurTech: distributor,
      fournisseurService: `https://sp${r % 7}.charge.example/metadata`,
      urlAccesRessource: `https://sp${r % 7}.charge.example/ressources/${r}`,
      urlVignette: `https://sp${r % 7}.charge.example/vignettes/${r}.png`,
      typePresentation: { code, nom },
      niveauEducatif: [
        term('scolomfr-voc-022', `scolomfr-voc-022-num-0${20 + (r % 4)}`, `Niveau ${r % 4}`),
        term('scolomfr-voc-022', 'scolomfr-voc-022-num-027', 'Lycée'),
      ],
      domaineEnseignement: [term('scolomfr-voc-015', `scolomfr-voc-015-num-${1000 + r}`, `Domaine ${r}`)],
      typePedagogique: [term('scolomfr-voc-010', 'scolomfr-voc-010-num-002', 'Cours')],
      typologieDocument: [term('scolomfr-voc-005', 'scolomfr-voc-005-num-007', 'Manuel')],
    };
  });
}

/** One establishment as the directory holds it: what the plan needs. */
export interface EstablishmentFacts {
  readonly index: number;
  readonly uai: string;
  readonly pupils: number;
  readonly teachers: number;
  /** DIVISION codes, in a fixed shuffled order. */
  readonly classes: readonly string[];
  /** MEF codes of its pupils, most populous first. */
  readonly levels: readonly string[];
}

export interface PlannedSubscription {
  readonly distributorId: string;
  readonly input: SubscriptionCreation;
  readonly targets: readonly AssignmentTarget[];
}

const allAudiences = ['ELEVE', 'ENSEIGNANT', 'DOCUMENTALISTE', 'AUTRE PERSONNEL'] as const;
const perAudience = (eleve: number, enseignant: number): LicenceCounts => ({
  kind: 'perAudience',
  nbLicenceEleve: eleve,
  nbLicenceEnseignant: enseignant,
  nbLicenceProfDoc: 0,
  nbLicenceAutrePersonnel: 0,
});
const global = (n: number | 'ILLIMITE'): LicenceCounts => ({ kind: 'global', nbLicenceGlobale: n });

/** The INDIV subscription the freshness check assigns one more pupil to (it keeps licences free). */
export const freshnessSlot = 4;
export const subscriptionId = (uai: string, kind: 'E' | 'I', slot: number): string => `${uai}-${kind}${slot}`;

export function planEstablishment(e: EstablishmentFacts, year: number): PlannedSubscription[] {
  const [c0, c1, c2, c3, c4] = e.classes;
  const classes = (codes: readonly (string | undefined)[], audience: 'ELEVE' | 'ENSEIGNANT'): AssignmentTarget[] =>
    codes.filter((c): c is string => c !== undefined).map((code) => ({ kind: 'class', code, audience }));
  const level = (l: number): AssignmentTarget[] =>
    e.levels[l] === undefined ? [] : [{ kind: 'level', code: e.levels[l] as string }];
  const indiv: {
    counts: LicenceCounts;
    audiences: readonly ('ELEVE' | 'ENSEIGNANT')[];
    targets: AssignmentTarget[];
  }[] = [
    {
      counts: global(Math.ceil(e.pupils * 0.3) + e.teachers),
      audiences: ['ELEVE', 'ENSEIGNANT'],
      targets: [...level(e.index % 2), { kind: 'profile', audience: 'ENSEIGNANT' }],
    },
    { counts: perAudience(50, 0), audiences: ['ELEVE'], targets: classes([c0, c1], 'ELEVE') },
    {
      counts: perAudience(Math.ceil(e.pupils * 0.15), 10),
      audiences: ['ELEVE', 'ENSEIGNANT'],
      targets: [...classes([c2, c3], 'ELEVE'), ...classes([c2, c3], 'ENSEIGNANT')],
    },
    { counts: global(Math.ceil(e.pupils * 0.2)), audiences: ['ELEVE'], targets: e.index % 8 === 0 ? level(2) : [] },
    { counts: global(60), audiences: ['ELEVE', 'ENSEIGNANT'], targets: classes([c4], 'ELEVE') },
  ];
  const free = Array.from({ length: freeResources }, (_, slot) =>
    subscription(e.uai, year, 'E', slot, slot, global('ILLIMITE'), allAudiences, []),
  );
  // Five distinct INDIV resources per establishment, rotating over the 17 sold ones (4·k mod 17 differ for k < 5).
  const sold = indiv.map((s, slot) =>
    subscription(
      e.uai,
      year,
      'I',
      slot,
      freeResources + ((e.index + 4 * slot) % (resourceCount - freeResources)),
      s.counts,
      s.audiences,
      s.targets,
    ),
  );
  return [...free, ...sold];
}

function subscription(
  uai: string,
  year: number,
  kind: 'E' | 'I',
  slot: number,
  r: number,
  licences: LicenceCounts,
  audiences: readonly (typeof allAudiences)[number][],
  targets: AssignmentTarget[],
): PlannedSubscription {
  return {
    distributorId: distributorOf(r),
    targets,
    input: {
      idAbonnement: subscriptionId(uai, kind, slot),
      idDistributeurCom: distributorOf(r),
      idRessource: resourceId(r),
      typeIdRessource: 'ark',
      libelleRessource: `Ressource de charge ${r}`,
      debutValidite: `${year - 1}-09-01T00:00:00`,
      // Valid from last September to the end of next school year: whatever today's date, valid now.
      fin: { kind: 'schoolYear', anneeFinValidite: `${year}-${year + 1}`, finValidite: `${year + 1}-08-15T00:00:00` },
      uaiEtab: uai,
      categorieAffectation: 'transferable',
      typeAffectation: kind === 'E' ? 'ETABL' : 'INDIV',
      licences,
      publicCible: audiences,
    },
  };
}
