/**
 * The catalogue an ENT project may offer (`ressourcesDiffusables`, gar-reference §6), in the shape
 * GAR serves it and ENT connectors read: a one-element array holding `dateGeneration` and the
 * list `ressourceDiffusable`, each entry with its commercial distributors as a list of
 * `{distributeurCom, nomDistributeurCom}`, its technical distributor, `affichable` and `diffusable`.
 */
import type { ResourceDescription } from '../subscriptions/index.js';

export interface DiffusableResource {
  readonly idRessource: string;
  readonly nomRessource: string;
  readonly idEditeur: string;
  readonly nomEditeur: string;
  readonly distributeursCom: readonly { readonly distributeurCom: string; readonly nomDistributeurCom: string }[];
  readonly distributeurTech: string;
  readonly nomDistributeurTech: string;
  readonly affichable: boolean;
  readonly diffusable: boolean;
}

export type DiffusableList = readonly [
  { readonly dateGeneration: string; readonly ressourceDiffusable: readonly DiffusableResource[] },
];

export interface CatalogueEntry {
  readonly resource: ResourceDescription;
  /** An approved contract is in effect: without one the resource receives nothing and cannot be opened. */
  readonly contractApproved: boolean;
}

export function renderDiffusableList(entries: readonly CatalogueEntry[], generatedAt: Date): DiffusableList {
  return [
    {
      dateGeneration: generatedAt.toISOString(),
      ressourceDiffusable: entries.map(({ resource: r, contractApproved }) => ({
        idRessource: r.idRessource,
        nomRessource: r.nomRessource,
        idEditeur: r.editeur.id,
        nomEditeur: r.editeur.nom,
        distributeursCom: [{ distributeurCom: r.distributeurCom.id, nomDistributeurCom: r.distributeurCom.nom }],
        distributeurTech: r.distributeurTech.id,
        nomDistributeurTech: r.distributeurTech.nom,
        affichable: r.affichable !== false,
        diffusable: r.diffusable !== false && contractApproved,
      })),
    },
  ];
}
