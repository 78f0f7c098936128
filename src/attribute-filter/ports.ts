/**
 * The storage the contracts need (gar-reference §3: a contract per resource, in effect only once
 * the operator approves it, every earlier version kept). Declared here, implemented by `store`;
 * the transitions themselves are the pure `approveContract` and `rejectContract`.
 */
import type { ContractDocument, ContractVersion, EffectiveContract } from './contract.js';

/** Who decided, when, and the request it belongs to: written to the audit trail with the change. */
export interface ContractAudit {
  /** `cli:<user>`, `console:<ent>:<person>`… */
  readonly actor: string;
  readonly at: Date;
  readonly correlationId?: string;
}

export interface ContractStore {
  /**
   * Records a new version as `submitted`. Refused with ERR_CONTRACT_RESOURCE_UNKNOWN (no such
   * resource in the catalogue), ERR_CONTRACT_VERSION_EXISTS (that number is taken: a version is
   * never edited) and ERR_CONTRACT_VERSION_ORDER (not above every existing version).
   */
  submitContract(document: ContractDocument, audit: ContractAudit): Promise<ContractVersion>;
  /** `approveContract` on the stored versions; returns every version of the resource after it. */
  approveContract(idRessource: string, version: number, audit: ContractAudit): Promise<readonly ContractVersion[]>;
  /** `rejectContract` on the stored versions; returns every version of the resource after it. */
  rejectContract(
    idRessource: string,
    version: number,
    reason: string,
    audit: ContractAudit,
  ): Promise<readonly ContractVersion[]>;
  /** Every version, oldest first; ERR_CONTRACT_RESOURCE_UNKNOWN for a resource not in the catalogue. */
  listContracts(idRessource: string): Promise<readonly ContractVersion[]>;
  /** The approved version in effect, or undefined (then the resource receives nothing). */
  effectiveContract(idRessource: string): Promise<EffectiveContract | undefined>;
}
