/**
 * The federation module's public face: downstream SAML toward publishers and, for now, the
 * registry of partners' SAML metadata (ENT IdPs, publisher SPs) that issue 4 builds on.
 */
export type { SamlPartnerRecord, SamlPartnerSource, SamlPartnerStore, SamlPartnerSaveOutcome } from './ports.js';
export { registerSamlPartner, type SamlPartnerRegistration, type RegisteredSamlPartner } from './register-saml-partner.js';
export { loadMetadataFolder, type MetadataFolderReport, type MetadataFolderDeps } from './load-metadata-folder.js';
