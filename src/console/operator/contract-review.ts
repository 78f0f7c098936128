/**
 * The review of a resource's contract (gar-reference §3: the operator validates the personal data
 * a publisher requests before it takes effect): each submitted version against the version in
 * effect, attribute by attribute, with the purpose and the publisher's reasons beside them.
 */
import {
  requestableCodes,
  type ContractStatus,
  type ContractVersion,
  type RequestableCode,
} from '../../attribute-filter/index.js';
import { definedFields } from '../../core/defined-fields.js';

export interface AttributeDiff {
  /** Requested now, not received today: the operator's attention goes here first. */
  readonly added: readonly RequestableCode[];
  /** Received today, no longer requested. */
  readonly removed: readonly RequestableCode[];
  readonly kept: readonly RequestableCode[];
}

export interface VersionReview {
  readonly version: number;
  readonly purpose: string;
  readonly submittedAt: string;
  readonly diff: AttributeDiff;
  readonly justifications: readonly { readonly code: RequestableCode; readonly text: string }[];
}

export interface HistoryRow {
  readonly version: number;
  readonly status: ContractStatus;
  readonly attributes: readonly RequestableCode[];
  readonly submittedAt: string;
  readonly decidedAt?: string;
  readonly decidedBy?: string;
  readonly reason?: string;
}

export interface ContractReview {
  readonly approved?: {
    readonly version: number;
    readonly purpose: string;
    readonly attributes: readonly RequestableCode[];
    readonly decidedAt?: string;
    readonly decidedBy?: string;
  };
  /** Versions waiting for a decision, oldest first. */
  readonly pending: readonly VersionReview[];
  /** Every version, newest first. */
  readonly history: readonly HistoryRow[];
}

/** Attributes in the order of gar-reference §3 (the order of every release). */
export function diffAttributes(
  approved: readonly RequestableCode[],
  submitted: readonly RequestableCode[],
): AttributeDiff {
  const before = new Set(approved);
  const after = new Set(submitted);
  return {
    added: requestableCodes.filter((c) => after.has(c) && !before.has(c)),
    removed: requestableCodes.filter((c) => before.has(c) && !after.has(c)),
    kept: requestableCodes.filter((c) => before.has(c) && after.has(c)),
  };
}

export function contractReview(versions: readonly ContractVersion[]): ContractReview {
  const effective = versions.find((v) => v.status === 'approved');
  const inEffect = effective?.document.attributs ?? [];
  const pending = versions
    .filter((v) => v.status === 'submitted')
    .map(
      (v): VersionReview => ({
        version: v.document.version,
        purpose: v.document.finalite,
        submittedAt: v.submittedAt,
        diff: diffAttributes(inEffect, v.document.attributs),
        justifications: requestableCodes.flatMap((code) => {
          const text = v.document.justifications?.[code];
          return text === undefined ? [] : [{ code, text }];
        }),
      }),
    );
  const history = [...versions].reverse().map(
    (v): HistoryRow => ({
      version: v.document.version,
      status: v.status,
      attributes: v.document.attributs,
      submittedAt: v.submittedAt,
      ...definedFields({ decidedAt: v.decidedAt, decidedBy: v.decidedBy, reason: v.reason }),
    }),
  );
  return {
    ...(effective
      ? {
          approved: {
            version: effective.document.version,
            purpose: effective.document.finalite,
            attributes: effective.document.attributs,
            ...definedFields({ decidedAt: effective.decidedAt, decidedBy: effective.decidedBy }),
          },
        }
      : {}),
    pending,
    history,
  };
}
