/**
 * The establishment list a distributor downloads (`GET {base}/etablissements/etablissements.xml`,
 * gar-reference §5): `<listEtablissement>` with one `<etablissement>` per establishment, its
 * children in GAR's order. Distributors' clients read children by name, some by position, so
 * every element is written, empty when the directory does not know it (nature, type, commune,
 * patronym, postal address): an empty element rather than a made-up value.
 */
import { escapeXml } from '../../core/escape-xml.js';
import type { EstablishmentListing } from '../ports.js';
import { frenchDepartments } from './french-departments.js';

/** A value XML cannot carry is refused (500) rather than written into a document no client can read. */
const refused = { unrepresentable: 'ERR_WS_XML_UNREPRESENTABLE' } as const;

export const listEtablissementNamespace = 'http://www.atosworldline.com/listEtablissement/v1.0/';

/** As GAR's own answers begin. */
const declaration = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';

/** The children of `<etablissement>`, in GAR's order. */
export const etablissementElements = [
  'uai',
  'nature_uai',
  'nature_uai_libe',
  'type_uai',
  'type_uai_libe',
  'commune',
  'commune_libe',
  'academie',
  'academie_libe',
  'departement_insee_3',
  'departement_insee_3_libe',
  'appellation_officielle',
  'patronyme_uai',
  'code_postal_uai',
  'localite_acheminement_uai',
  'idENT',
] as const;
type EtablissementElement = (typeof etablissementElements)[number];

/** Sorted by UAI (code units), so the same directory always gives the same bytes. */
export function renderEstablishmentList(items: readonly EstablishmentListing[]): string {
  const sorted = [...items].sort((a, b) => (a.uai < b.uai ? -1 : a.uai > b.uai ? 1 : 0));
  const body = sorted.map((item) => renderEtablissement(item)).join('');
  return `${declaration}\n<listEtablissement xmlns="${listEtablissementNamespace}">\n${body}</listEtablissement>\n`;
}

function renderEtablissement(item: EstablishmentListing): string {
  const known = knownValues(item);
  const children = etablissementElements.map((name) => {
    const value = known[name] ?? '';
    return value === '' ? `    <${name}/>\n` : `    <${name}>${escapeXml(value, refused)}</${name}>\n`;
  });
  return `  <etablissement>\n${children.join('')}  </etablissement>\n`;
}

/** What the directory knows, and what the UAI tells (département, académie); nothing else. */
function knownValues(item: EstablishmentListing): Partial<Record<EtablissementElement, string>> {
  const department = frenchDepartments.get(item.uai.slice(0, 3));
  return {
    uai: item.uai,
    appellation_officielle: item.name,
    idENT: item.entId,
    ...(department === undefined
      ? {}
      : {
          academie: department.academyCode,
          academie_libe: department.academyName,
          departement_insee_3: department.code,
          departement_insee_3_libe: department.name,
        }),
  };
}
