/**
 * Reads what a feed file name says (gar-reference §6, packaging):
 * `{idENT}_GAR-ENT_Complet_{yyyyMMdd_HHmmss}_{2D|1D}_{Kind}_{NNNN}.xml`. The degree and kind of a
 * file come from its name; its content must then agree (checked by the reader).
 */
import { fail } from '../../core/fail.js';
import { feedFileNamePattern, type Degree, type DocumentKind } from './feed-spec.js';

export interface FeedFileName {
  readonly entId: string;
  /** `yyyyMMdd_HHmmss`, as written. */
  readonly timestamp: string;
  readonly degree: Degree;
  readonly kind: DocumentKind;
  readonly sequence: number;
}

/** The parts of a feed file name, or null when the name does not follow the GAR naming. */
export function parseFeedFileName(baseName: string): FeedFileName | null {
  const match = feedFileNamePattern.exec(baseName);
  if (match === null) return null;
  const [, entId, timestamp, degree, kind, sequence] = match as unknown as [
    string,
    string,
    string,
    Degree,
    DocumentKind,
    string,
  ];
  if (!isPlausibleTimestamp(timestamp)) return null;
  return { entId, timestamp, degree, kind, sequence: Number(sequence) };
}

/**
 * Parses a name and checks it belongs to the ENT project being imported: a file of another
 * project must never be imported under this one (ERR_FEED_FILE_NAME).
 */
export function checkFeedFileName(baseName: string, entId: string): FeedFileName {
  const parsed = parseFeedFileName(baseName);
  if (parsed === null) {
    throw fail(
      'ERR_FEED_FILE_NAME',
      `fichier ${baseName}: nom non conforme au nommage GAR`,
      `file=${baseName}: name does not match the feed file pattern`,
    );
  }
  if (parsed.entId !== entId) {
    throw fail(
      'ERR_FEED_FILE_NAME',
      `fichier ${baseName}: projet ENT ${parsed.entId} au lieu de ${entId}`,
      `file=${baseName}: idENT ${parsed.entId} != ${entId}`,
    );
  }
  return parsed;
}

/** Month 01–12, day 01–31, hour 00–23, minutes and seconds 00–59: enough to catch swapped fields. */
function isPlausibleTimestamp(timestamp: string): boolean {
  return /^\d{4}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])_([01]\d|2[0-3])[0-5]\d[0-5]\d$/.test(timestamp);
}
