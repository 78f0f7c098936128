/**
 * The attribute filter's public face: contracts (document, approval, the version in effect),
 * the resolved attributes of a person and their composite values, pseudonyms (`IDO`, `IDC`),
 * and the release itself with its dry run. Pure functions: time, keys and data are passed in;
 * imports only `core` (gar-reference §3, §8).
 */
export {
  attributeMeanings,
  attributeCodes,
  alwaysReleased,
  requestableCodes,
  isAttributeCode,
  type AttributeCode,
  type AlwaysReleasedCode,
  type RequestableCode,
} from './attribute-codes.js';
export type { ContractDocument, ContractStatus, ContractVersion, EffectiveContract } from './contract.js';
export { contractSchema } from './contract-schema.js';
export { parseContractDocument, maxContractDocumentBytes } from './parse-contract-document.js';
export { effectiveContract } from './effective-contract.js';
export { approveContract } from './approve-contract.js';
export { rejectContract, maxRejectionReasonLength } from './reject-contract.js';
export type { ContractAudit, ContractStore } from './ports.js';
export { composite, groupInDivision, type ResolvedAttributes } from './person-attributes.js';
export {
  makePseudonymKey,
  ido,
  idc,
  globalPseudonymScope,
  minPseudonymSecretBytes,
  type PseudonymKey,
  type PseudonymSubject,
} from './pseudonyms.js';
export { filterRelease, type Release, type ReleaseContext, type ReleasedAttributes } from './filter-release.js';
export { previewRelease, type ReleasePreviewInput } from './preview-release.js';
