import type { FeedItem } from '../feed/feed-records.js';
import type { ImportKind } from '../ports.js';

const elementKinds: Readonly<Record<string, ImportKind>> = {
  GAREtab: 'establishment',
  GARMEF: 'mef',
  GARMatiere: 'subject',
  GAREleve: 'person',
  GAREnseignant: 'person',
  GARPersonMEF: 'personLevel',
  GARPersonMEFSTAT4: 'personLevel',
  GAREleveEnseignement: 'pupilSubject',
  GARGroupe: 'group',
  GARPersonGroupe: 'membership',
  GAREnsGroupeMatiere: 'teaching',
  GAREnsClasseMatiere: 'teaching',
  GARRespAff: 'manager',
};

/** The import kind a read item counts under (a valid record by its type, an issue by its element). */
export function kindOfItem(item: FeedItem): ImportKind | null {
  return item.ok ? item.record.type : kindForElement(item.issue.element);
}

/** The import kind of a record element name (GAREleve → person…), null when unknown. */
export function kindForElement(element: string | null): ImportKind | null {
  return element === null ? null : (elementKinds[element] ?? null);
}
