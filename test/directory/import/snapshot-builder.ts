/** Builds small typed deliveries for importer tests, without XML: the reader is tested elsewhere. */
import type {
  FeedFileInfo,
  FeedIssue,
  FeedItem,
  FeedRecord,
  PersonRecord,
} from '../../../src/directory/feed/feed-records.js';
import type { Degree } from '../../../src/directory/feed/feed-spec.js';
import type { DeliverySource } from '../../../src/directory/import/import-delivery.js';
import { toReadBatch, type ReadBatch } from '../../../src/directory/import/staging-rows.js';

export function pupil(
  personId: string,
  uai: string,
  lastName = 'Martin',
  extra: Partial<PersonRecord> = {},
): PersonRecord {
  return {
    type: 'person',
    kind: 'pupil',
    personId,
    profiles: [{ uai, profile: 'National_elv' }],
    secondaryId: null,
    birthName: null,
    lastName,
    firstName: 'Éloïse',
    otherFirstNames: ['Marie'],
    civility: 'Mme',
    structureAttachment: null,
    establishments: [uai],
    birthDate: '2012-03-04',
    postCodes: [],
    mails: [],
    ...extra,
  };
}

export function teacher(personId: string, uais: string[]): PersonRecord {
  return {
    ...pupil(personId, uais[0] as string, "N'Diaye"),
    kind: 'teacher',
    profiles: uais.map((uai) => ({ uai, profile: 'National_ens' as const })),
    establishments: uais,
    postCodes: uais.map((uai) => ({ uai, codes: ['L1300'] })),
    mails: [`${personId}@ac-test.fr`],
  };
}

export const etab = (uai: string, name = 'Collège Jean Moulin'): FeedRecord => ({
  type: 'establishment',
  uai,
  name,
  attachedTo: null,
  contract: 'PU',
  phone: null,
  email: null,
});
export const division = (uai: string, code: string): FeedRecord => ({
  type: 'group',
  uai,
  code,
  label: `${code} label`,
  status: 'DIVISION',
  divisions: [],
});
export const member = (uai: string, personId: string, groupCode: string): FeedRecord => ({
  type: 'membership',
  uai,
  personId,
  groupCode,
});

export const subject = (uai: string, code: string): FeedRecord => ({ type: 'subject', uai, code, label: code });
export const group = (uai: string, code: string, divisions: string[]): FeedRecord => ({
  type: 'group',
  uai,
  code,
  label: `${code} label`,
  status: 'GROUPE',
  divisions,
});
/** GAREnsClasseMatiere (a class) or GAREnsGroupeMatiere (a group): one record, one row per subject. */
export const teaching = (
  uai: string,
  personId: string,
  groupCode: string,
  subjectCodes: string[],
  via: 'DIVISION' | 'GROUPE' = 'DIVISION',
): FeedRecord => ({ type: 'teaching', uai, personId, groupCode, via, subjectCodes });

export function source(degree: Degree, records: readonly (FeedRecord | FeedIssue)[], name = 'test'): DeliverySource {
  const file = `Z0_GAR-ENT_Complet_20261128_010000_${degree}_Eleve_0000.xml`;
  const files: FeedFileInfo[] = [];
  return {
    source: name,
    files,
    degree: () => (files.length > 0 ? degree : null),
    progress: () => (files.length > 0 ? 1 : 0),
    async *batches(): AsyncGenerator<ReadBatch> {
      const all: FeedItem[] = [];
      for await (const item of items()) all.push(item);
      yield toReadBatch(all, (i) => i + 1);
    },
  };
  async function* items(): AsyncGenerator<FeedItem> {
    files.push({
      name: file,
      entId: 'Z0',
      degree,
      kind: 'Eleve',
      timestamp: '20261128_010000',
      sequence: 0,
      version: '1.7',
    });
    let line = 1;
    for (const r of records) {
      line += 10;
      if ('code' in r && 'message' in r) yield { ok: false, issue: r };
      else yield { ok: true, record: r as FeedRecord, at: { file, line, element: null, recordId: null } };
    }
  }
}
