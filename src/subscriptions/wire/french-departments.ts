/**
 * The département and académie of an establishment, read from the first three characters of its
 * UAI (the Éducation nationale numbering: `0750001A` is in 075, Paris). The directory knows
 * neither, but GAR's establishment list carries both (gar-reference §5 `listEtablissement`).
 *
 * Codes and names follow the Éducation nationale nomenclature, as known GAR answers show them
 * (`<academie>10</academie><academie_libe>Lyon</academie_libe>`): the département is the UAI's
 * prefix on three characters (`075`; Corsica's UAIs start with `620` and `720`, which INSEE
 * calls 2A and 2B: GAR's value there is not public), the académie two digits and its name.
 * Académies as of 2020: Caen and Rouen merged into Normandie (70), Mayotte has its own (43).
 * Saint-Pierre-et-Miquelon (975) is a collectivity, listed because its schools have UAIs.
 */

export interface FrenchDepartment {
  /** The UAI's first three characters, as `departement_insee_3`. */
  readonly code: string;
  readonly name: string;
  readonly academyCode: string;
  readonly academyName: string;
}

/** Per académie: its code, name, and its départements as [UAI prefix, name]. */
const academies: readonly (readonly [string, string, readonly (readonly [string, string])[]])[] = [
  ['01', 'Paris', [['075', 'Paris']]],
  [
    '02',
    'Aix-Marseille',
    [
      ['004', 'Alpes-de-Haute-Provence'],
      ['005', 'Hautes-Alpes'],
      ['013', 'Bouches-du-Rhône'],
      ['084', 'Vaucluse'],
    ],
  ],
  [
    '03',
    'Besançon',
    [
      ['025', 'Doubs'],
      ['039', 'Jura'],
      ['070', 'Haute-Saône'],
      ['090', 'Territoire de Belfort'],
    ],
  ],
  [
    '04',
    'Bordeaux',
    [
      ['024', 'Dordogne'],
      ['033', 'Gironde'],
      ['040', 'Landes'],
      ['047', 'Lot-et-Garonne'],
      ['064', 'Pyrénées-Atlantiques'],
    ],
  ],
  [
    '06',
    'Clermont-Ferrand',
    [
      ['003', 'Allier'],
      ['015', 'Cantal'],
      ['043', 'Haute-Loire'],
      ['063', 'Puy-de-Dôme'],
    ],
  ],
  [
    '07',
    'Dijon',
    [
      ['021', "Côte-d'Or"],
      ['058', 'Nièvre'],
      ['071', 'Saône-et-Loire'],
      ['089', 'Yonne'],
    ],
  ],
  [
    '08',
    'Grenoble',
    [
      ['007', 'Ardèche'],
      ['026', 'Drôme'],
      ['038', 'Isère'],
      ['073', 'Savoie'],
      ['074', 'Haute-Savoie'],
    ],
  ],
  [
    '09',
    'Lille',
    [
      ['059', 'Nord'],
      ['062', 'Pas-de-Calais'],
    ],
  ],
  [
    '10',
    'Lyon',
    [
      ['001', 'Ain'],
      ['042', 'Loire'],
      ['069', 'Rhône'],
    ],
  ],
  [
    '11',
    'Montpellier',
    [
      ['011', 'Aude'],
      ['030', 'Gard'],
      ['034', 'Hérault'],
      ['048', 'Lozère'],
      ['066', 'Pyrénées-Orientales'],
    ],
  ],
  [
    '12',
    'Nancy-Metz',
    [
      ['054', 'Meurthe-et-Moselle'],
      ['055', 'Meuse'],
      ['057', 'Moselle'],
      ['088', 'Vosges'],
    ],
  ],
  [
    '13',
    'Poitiers',
    [
      ['016', 'Charente'],
      ['017', 'Charente-Maritime'],
      ['079', 'Deux-Sèvres'],
      ['086', 'Vienne'],
    ],
  ],
  [
    '14',
    'Rennes',
    [
      ['022', "Côtes-d'Armor"],
      ['029', 'Finistère'],
      ['035', 'Ille-et-Vilaine'],
      ['056', 'Morbihan'],
    ],
  ],
  [
    '15',
    'Strasbourg',
    [
      ['067', 'Bas-Rhin'],
      ['068', 'Haut-Rhin'],
    ],
  ],
  [
    '16',
    'Toulouse',
    [
      ['009', 'Ariège'],
      ['012', 'Aveyron'],
      ['031', 'Haute-Garonne'],
      ['032', 'Gers'],
      ['046', 'Lot'],
      ['065', 'Hautes-Pyrénées'],
      ['081', 'Tarn'],
      ['082', 'Tarn-et-Garonne'],
    ],
  ],
  [
    '17',
    'Nantes',
    [
      ['044', 'Loire-Atlantique'],
      ['049', 'Maine-et-Loire'],
      ['053', 'Mayenne'],
      ['072', 'Sarthe'],
      ['085', 'Vendée'],
    ],
  ],
  [
    '18',
    'Orléans-Tours',
    [
      ['018', 'Cher'],
      ['028', 'Eure-et-Loir'],
      ['036', 'Indre'],
      ['037', 'Indre-et-Loire'],
      ['041', 'Loir-et-Cher'],
      ['045', 'Loiret'],
    ],
  ],
  [
    '19',
    'Reims',
    [
      ['008', 'Ardennes'],
      ['010', 'Aube'],
      ['051', 'Marne'],
      ['052', 'Haute-Marne'],
    ],
  ],
  [
    '20',
    'Amiens',
    [
      ['002', 'Aisne'],
      ['060', 'Oise'],
      ['080', 'Somme'],
    ],
  ],
  [
    '22',
    'Limoges',
    [
      ['019', 'Corrèze'],
      ['023', 'Creuse'],
      ['087', 'Haute-Vienne'],
    ],
  ],
  [
    '23',
    'Nice',
    [
      ['006', 'Alpes-Maritimes'],
      ['083', 'Var'],
    ],
  ],
  [
    '24',
    'Créteil',
    [
      ['077', 'Seine-et-Marne'],
      ['093', 'Seine-Saint-Denis'],
      ['094', 'Val-de-Marne'],
    ],
  ],
  [
    '25',
    'Versailles',
    [
      ['078', 'Yvelines'],
      ['091', 'Essonne'],
      ['092', 'Hauts-de-Seine'],
      ['095', "Val-d'Oise"],
    ],
  ],
  [
    '27',
    'Corse',
    [
      ['620', 'Corse-du-Sud'],
      ['720', 'Haute-Corse'],
    ],
  ],
  ['28', 'La Réunion', [['974', 'La Réunion']]],
  ['31', 'Martinique', [['972', 'Martinique']]],
  ['32', 'Guadeloupe', [['971', 'Guadeloupe']]],
  ['33', 'Guyane', [['973', 'Guyane']]],
  ['43', 'Mayotte', [['976', 'Mayotte']]],
  ['44', 'Saint-Pierre-et-Miquelon', [['975', 'Saint-Pierre-et-Miquelon']]],
  [
    '70',
    'Normandie',
    [
      ['014', 'Calvados'],
      ['027', 'Eure'],
      ['050', 'Manche'],
      ['061', 'Orne'],
      ['076', 'Seine-Maritime'],
    ],
  ],
];

/** Keyed by UAI prefix (three characters). */
export const frenchDepartments: ReadonlyMap<string, FrenchDepartment> = new Map(
  academies.flatMap(([academyCode, academyName, departments]) =>
    departments.map(([code, name]) => [code, { code, name, academyCode, academyName }] as const),
  ),
);
