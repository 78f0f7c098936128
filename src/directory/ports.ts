/**
 * What the directory needs from storage. src/store implements it; this module never imports
 * the store. The import is set-based: records are staged, checked as a whole, counted, then
 * applied in one transaction, so a refused delivery leaves the directory exactly as it was.
 */
import type { ResolvedAttributes } from '../attribute-filter/index.js';
import type { Degree } from './feed/feed-spec.js';
import type { FeedIssue } from './feed/feed-records.js';
import type { ReadBatch } from './import/staging-rows.js';

export interface DeliveryScope {
  readonly entId: string;
  readonly degree: Degree;
}

/** Record kinds as the import counts them (one per table of the snapshot). */
export type ImportKind =
  | 'establishment'
  | 'mef'
  | 'subject'
  | 'person'
  | 'personLevel'
  | 'pupilSubject'
  | 'group'
  | 'membership'
  | 'teaching'
  | 'manager';

export interface KindCounts {
  /** Records read from the delivery (valid or not). */
  read: number;
  added: number;
  changed: number;
  left: number;
  /** Invalid records (their own fault): counted against the refusal threshold. */
  rejected: number;
  /** Valid records set aside because a record they depend on was rejected; previous state kept. */
  held: number;
}

export interface DeliveryStaging {
  /**
   * Stages a batch: rows of valid records (no check across records yet), and the records rejected
   * while reading, whose keys keep their previous state.
   */
  stage(batch: ReadBatch): Promise<void>;
  /**
   * Checks across records (duplicate keys, references, foreign establishments); returns the new
   * issues, `own: false` for valid records held back because a record they depend on was rejected.
   */
  checkIntegrity(
    scope: DeliveryScope,
    issueLimit: number,
  ): Promise<{
    readonly issues: readonly (FeedIssue & { readonly own: boolean })[];
    /** How many issues there are in all (only the first `issueLimit` are returned). */
    readonly total: number;
  }>;
  /** What applying would change, per kind (read counts are the caller's). */
  plan(scope: DeliveryScope): Promise<Record<ImportKind, Omit<KindCounts, 'read'>>>;
  /** Applies the snapshot in one transaction (registering the ENT project if it is new). */
  apply(scope: DeliveryScope, at: Date): Promise<void>;
}

export interface FeedImportEntry {
  readonly entId: string;
  readonly degree: Degree | null;
  readonly source: string;
  readonly status: 'applied' | 'refused';
  readonly startedAt: Date;
  readonly finishedAt: Date;
  readonly summary: unknown;
}

export interface DirectoryImportStore {
  /** Runs `work` with private staging space (one connection); staging is dropped afterwards. */
  withStaging<T>(entId: string, work: (staging: DeliveryStaging) => Promise<T>): Promise<T>;
  recordImport(entry: FeedImportEntry): Promise<void>;
}

/**
 * The "resolve" of resolve → filter → encode (gar-reference §3): what the directory knows of one
 * person in one establishment, as attribute values, before any contract filters them.
 */
export interface ResolvedPerson {
  /** The national profile of this access (`National_elv`…). */
  readonly profile: string;
  readonly attributes: ResolvedAttributes;
}

export interface PersonAttributeSource {
  /**
   * Undefined when the person is unknown to the ENT project, departed, or has no profile in
   * `uai`. Only `uai`'s data is read. A person with several profiles there gets the first of
   * `profilePrecedence`: the one that decides which attributes exist (pupil or staff).
   */
  resolvePerson(entId: string, personId: string, uai: string): Promise<ResolvedPerson | undefined>;
  /** The establishments where the person is present (not departed) with a known profile, in UAI order. */
  establishmentsOf(entId: string, personId: string): Promise<readonly string[]>;
}

/**
 * Pupil first (a pupil's data is never to be released under a staff profile's rules, e.g. a
 * pupil's mail as `P_MEL`), then teaching staff, then the other staff as §5 lists them.
 */
export const profilePrecedence = [
  'National_elv',
  'National_ens',
  'National_doc',
  'National_dir',
  'National_evs',
  'National_eta',
  'National_col',
] as const;
