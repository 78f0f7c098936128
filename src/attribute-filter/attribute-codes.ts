/**
 * The attribute codes a resource may receive (gar-reference §3). Names are short upper-case
 * codes, identical in SAML (`Attribute@Name`), CAS and OIDC claims; every value is a list of
 * strings. The order of this table is the order of every release and preview.
 */
export const attributeMeanings = {
  IDO: 'identifiant opaque de l’utilisateur (pseudonyme, 128 caractères hexadécimaux)',
  UAI: 'établissement de cet accès (UAI)',
  PRO: 'profil national (National_elv, National_ens…)',
  NOM: 'nom de famille',
  PRE: 'prénom',
  CIV: 'civilité (M. ou Mme)',
  P_MEL: 'courriel professionnel (personnels)',
  DIV: 'classes : celle de l’élève, celles où l’enseignant enseigne (code##libellé)',
  GRO: 'groupes hors classes (code##libellé)',
  DIV_APP: 'classe de rattachement de chaque groupe (groupe||classe##libellé)',
  E_MS4: 'niveau de l’élève (MEFSTAT4)',
  P_MS4: 'niveaux enseignés (MEFSTAT4)',
  P_MAT: 'matières enseignées (code##libellé)',
  IDC: 'identifiant propre à la ressource (<idRessource>_<IDO>)',
  LRA: 'adresses des sites de la famille de la ressource',
} as const;

export type AttributeCode = keyof typeof attributeMeanings;

export const attributeCodes = Object.keys(attributeMeanings) as readonly AttributeCode[];

/** Sent to every resource on every access, whatever its contract (gar-reference §3). */
export const alwaysReleased = ['IDO', 'UAI', 'PRO'] as const;

export type AlwaysReleasedCode = (typeof alwaysReleased)[number];

/** What a contract may list: everything else of §3, `IDC` and `LRA` included. */
export type RequestableCode = Exclude<AttributeCode, AlwaysReleasedCode>;

export const requestableCodes = attributeCodes.filter(
  (code): code is RequestableCode => !(alwaysReleased as readonly string[]).includes(code),
);

export function isAttributeCode(value: string): value is AttributeCode {
  return Object.hasOwn(attributeMeanings, value);
}
