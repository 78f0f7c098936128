/**
 * GAR's médiacentre answer, key for key in GAR's order (gar-reference §6, and the answers GAR
 * sends ENTs: `idType` upper case, the vocabularies as `{uri, nom}` lists, empty lists kept),
 * so that an ENT's existing parser reads ours unchanged.
 */
import type { ResourceDescription, VocabularyTerm } from '../subscriptions/index.js';

export interface ResourceListContext {
  readonly entId: string;
  readonly uai: string;
  /** The broker's public base URL, where `/domaineGar` is served. */
  readonly brokerUrl: string;
  /** `nomSourceEtiquetteGar`: the label ENTs show beside each resource. */
  readonly sourceLabel: string;
}

export interface MediacentreResource {
  readonly idRessource: string;
  readonly idType: string;
  readonly nomRessource: string;
  readonly idEditeur: string;
  readonly nomEditeur: string;
  readonly urlVignette: string;
  readonly typePresentation: { readonly code: string; readonly nom: string };
  readonly typePedagogique: readonly VocabularyTerm[];
  readonly typologieDocument: readonly VocabularyTerm[];
  readonly niveauEducatif: readonly VocabularyTerm[];
  readonly domaineEnseignement: readonly VocabularyTerm[];
  readonly urlAccesRessource: string;
  readonly nomSourceEtiquetteGar: string;
  readonly distributeurTech: string;
  readonly validateurTech: string;
}

export interface MediacentreResourceList {
  readonly listeRessources: { readonly ressource: readonly MediacentreResource[] };
}

export function renderResourceList(
  resources: readonly ResourceDescription[],
  context: ResourceListContext,
): MediacentreResourceList {
  return { listeRessources: { ressource: resources.map((r) => mediacentreResource(r, context)) } };
}

function mediacentreResource(r: ResourceDescription, context: ResourceListContext): MediacentreResource {
  return {
    idRessource: r.idRessource,
    idType: r.typeIdRessource.toUpperCase(),
    nomRessource: r.nomRessource,
    idEditeur: r.editeur.id,
    nomEditeur: r.editeur.nom,
    urlVignette: r.urlVignette ?? '',
    typePresentation: { code: r.typePresentation.code, nom: r.typePresentation.nom },
    typePedagogique: terms(r.typePedagogique),
    typologieDocument: terms(r.typologieDocument),
    niveauEducatif: terms(r.niveauEducatif),
    domaineEnseignement: terms(r.domaineEnseignement),
    urlAccesRessource: mediacentreLink(context, r.idRessource),
    nomSourceEtiquetteGar: context.sourceLabel,
    distributeurTech: r.distributeurTech.id,
    validateurTech: r.validateurTech ?? r.distributeurTech.id,
  };
}

/** Only `uri` and `nom`, in that order, whatever else a stored term might carry. */
function terms(list: readonly VocabularyTerm[] | undefined): VocabularyTerm[] {
  return (list ?? []).map((t) => ({ uri: t.uri, nom: t.nom }));
}

/**
 * The broker's médiacentre entry (gar-reference §2 A): `idENT` and `idEtab` base64, `idRessource`
 * percent-encoded, exactly what `/domaineGar` decodes.
 */
export function mediacentreLink(
  context: Pick<ResourceListContext, 'brokerUrl' | 'entId' | 'uai'>,
  idRessource: string,
): string {
  const b64 = (value: string): string => encodeURIComponent(Buffer.from(value, 'utf8').toString('base64'));
  return (
    `${context.brokerUrl}/domaineGar?idENT=${b64(context.entId)}`
    + `&idEtab=${b64(context.uai)}&idRessource=${encodeURIComponent(idRessource)}`
  );
}
