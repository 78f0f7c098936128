/**
 * What a test reads back from a delivery's XML files once extracted (one `*_Eleve_0000.xml`,
 * `*_Groupe_0000.xml`… per folder), with xmldom rather than the broker's own feed reader: the
 * names a pupil has in the feed, the members of a class.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOMParser } from '@xmldom/xmldom';

/** The records of one kind (`GAREleve`, `GARPersonGroupe`…) of the folder's file of that kind (`Eleve`, `Groupe`…). */
function records(folder: string, kind: string, record: string): Element[] {
  const file = readdirSync(folder).find((f) => f.endsWith(`_${kind}_0000.xml`));
  if (file === undefined) throw new Error(`no ${kind} file in ${folder}`);
  const doc = new DOMParser().parseFromString(readFileSync(join(folder, file), 'utf8'), 'application/xml');
  return Array.from(doc.getElementsByTagName(record) as unknown as ArrayLike<Element>);
}

function text(element: Element, name: string): string {
  return element.getElementsByTagName(name)[0]?.textContent ?? '';
}

/** A pupil's last and first names as the feed writes them. */
export function pupilNames(folder: string, personId: string): { readonly nom: string; readonly prenom: string } {
  const pupil = records(folder, 'Eleve', 'GAREleve').find((e) => text(e, 'GARPersonIdentifiant') === personId);
  if (pupil === undefined) throw new Error(`no pupil ${personId} in ${folder}`);
  return { nom: text(pupil, 'GARPersonNom'), prenom: text(pupil, 'GARPersonPrenom') };
}

/** The first member of a class or group, in the order of the feed's GARPersonGroupe records. */
export function firstMemberOf(folder: string, group: string): string {
  const link = records(folder, 'Groupe', 'GARPersonGroupe').find((e) => text(e, 'GARGroupeCode') === group);
  if (link === undefined) throw new Error(`nobody in ${group} in ${folder}`);
  return text(link, 'GARPersonIdentifiant');
}
