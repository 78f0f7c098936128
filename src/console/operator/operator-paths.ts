/**
 * Where the operator's pages live. Resource ids are ARKs (`ark:/46173/00001.p`): they travel
 * encodeURIComponent'ed in one path segment, and express hands the route its decoded value.
 */
export const operatorBase = '/console/operateur';

export const operatorSections = [
  ['ents', `${operatorBase}/ent`],
  ['partners', `${operatorBase}/partenaires`],
  ['resources', `${operatorBase}/ressources`],
  ['contracts', `${operatorBase}/contrats`],
  ['subscriptions', `${operatorBase}/abonnements`],
  ['keys', `${operatorBase}/cles`],
  ['audit', `${operatorBase}/journal`],
] as const;

export type OperatorSection = (typeof operatorSections)[number][0];

export const sectionPath = (section: OperatorSection): string =>
  operatorSections.find(([s]) => s === section)?.[1] ?? operatorBase;
export const entPath = (entId: string): string => `${operatorBase}/ent/${encodeURIComponent(entId)}`;
export const contractPath = (idRessource: string): string =>
  `${operatorBase}/contrats/${encodeURIComponent(idRessource)}`;
export const revokePath = (fingerprint: string): string =>
  `${operatorBase}/certificats/${encodeURIComponent(fingerprint)}/revoquer`;
