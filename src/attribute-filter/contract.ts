/**
 * A contract per resource (gar-reference §3, §8): which personal data beyond `IDO`, `UAI`,
 * `PRO` the resource may receive, and why. Publishers submit versions; only the operator's
 * approval makes one take effect, and every earlier version is kept for the record.
 */
import type { RequestableCode } from './attribute-codes.js';

/** The document a publisher submits, as `parseContractDocument` checked it. */
export interface ContractDocument {
  /** The resource's ARK id, as in the catalogue. */
  readonly idRessource: string;
  /** 1, 2, …: a new version of the contract is a new document, never an edit. */
  readonly version: number;
  /** The purpose of the processing, in French, shown to the operator who approves. */
  readonly finalite: string;
  /** The attributes requested; empty means `IDO`, `UAI`, `PRO` only. */
  readonly attributs: readonly RequestableCode[];
  /** Why each attribute is needed, where the publisher says so. */
  readonly justifications?: Readonly<Partial<Record<RequestableCode, string>>>;
}

/**
 * `submitted`: waits for the operator; `approved`: in effect (at most one per resource);
 * `rejected`: refused for good; `superseded`: was approved until a later version was.
 */
export type ContractStatus = 'submitted' | 'approved' | 'rejected' | 'superseded';

/** One version of a resource's contract and its fate (the `contract` table of the store). */
export interface ContractVersion {
  readonly document: ContractDocument;
  readonly status: ContractStatus;
  /** ISO 8601 instants; time is passed in, never read here. */
  readonly submittedAt: string;
  readonly decidedAt?: string;
  /** The operator who decided (an account id, not a person's name in logs). */
  readonly decidedBy?: string;
  readonly reason?: string;
}

/** The version in effect: typed so that only an approved version can reach the filter. */
export type EffectiveContract = ContractVersion & { readonly status: 'approved' };
