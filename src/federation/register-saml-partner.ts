/**
 * Registers one partner's SAML metadata: trust reads it whole first (signature when a
 * signer is configured, `validUntil`, role, keys, endpoints), then the store saves it. A
 * refused document leaves nothing behind: a partner is never half-loaded.
 *
 * A partner's entityID must be an https URL or a URN, of 1,024 characters at most (GAR; SAML
 * core §8.3.6 makes it a URI of that length): any other (`http://…`, a bare name) is refused
 * with ERR_METADATA_ENTITY_ID, whose message names the rule.
 */
import { X509Certificate, type KeyObject } from 'node:crypto';
import { fail } from '../core/fail.js';
import { readSamlMetadata } from '../trust/index.js';
import { nextRefresh } from './next-refresh.js';
import type { SamlPartnerRecord, SamlPartnerSaveOutcome, SamlPartnerStore } from './ports.js';
import { definedFields } from '../core/defined-fields.js';

/** What an operator or the metadata folder gives: the record before trust read it. */
export type SamlPartnerRegistration = Pick<
  SamlPartnerRecord,
  'role' | 'entId' | 'distributorId' | 'source' | 'metadataXml' | 'signerCertificatePem' | 'refreshAfter'
> & {
  /** For a refresh: the entityID the document must still name (a URL now serving another entity is refused). */
  readonly replaces?: string;
};

export interface RegisterDeps {
  readonly store: SamlPartnerStore;
  readonly now: Date;
  readonly actor: string;
  /**
   * For a `url` source: `refreshAfter` is planned from the document just read (this period,
   * shortened by its cacheDuration and validUntil) and saved with it, in one write.
   */
  readonly refreshHours?: number;
}

export interface RegisteredSamlPartner {
  readonly record: SamlPartnerRecord;
  readonly outcome: SamlPartnerSaveOutcome;
}

/**
 * Throws the codes of `readSamlMetadata`, ERR_SAML_PARTNER_INPUT, ERR_METADATA_SIGNER_INVALID,
 * ERR_METADATA_ENTITY_CHANGED, and the store's.
 */
export async function registerSamlPartner(
  registration: SamlPartnerRegistration,
  deps: RegisterDeps,
): Promise<RegisteredSamlPartner> {
  const owner = checkedOwner(registration);
  const signer = registration.signerCertificatePem;
  const options = { now: deps.now, ...(signer === undefined ? {} : { trustedSigners: [signerKey(signer)] }) };
  const metadata =
    registration.role === 'idp'
      ? readSamlMetadata(registration.metadataXml, { expected: 'idp', ...options })
      : readSamlMetadata(registration.metadataXml, { expected: 'sp', ...options });
  if (registration.replaces !== undefined && metadata.entityId !== registration.replaces) {
    throw fail(
      'ERR_METADATA_ENTITY_CHANGED',
      'les métadonnées téléchargées décrivent une autre entité',
      `expected ${registration.replaces}`,
    );
  }
  const refreshAfter =
    registration.source.kind === 'url' && deps.refreshHours !== undefined
      ? nextRefresh(deps.now, deps.refreshHours, metadata)
      : registration.refreshAfter;
  const record: SamlPartnerRecord = {
    entityId: metadata.entityId,
    role: registration.role,
    ...owner,
    source: registration.source,
    metadataXml: registration.metadataXml,
    ...definedFields({ signerCertificatePem: signer }),
    ...(metadata.validUntil === undefined ? {} : { validUntil: metadata.validUntil.toISOString() }),
    loadedAt: deps.now.toISOString(),
    ...definedFields({ refreshAfter }),
  };
  return { record, outcome: await deps.store.save(record, deps.actor) };
}

/**
 * An IdP belongs to exactly one ENT project, an SP to exactly one technical distributor: the
 * login flow finds the IdP by ENT and the resources of an SP by distributor (gar-reference §5).
 */
function checkedOwner(registration: SamlPartnerRegistration): { entId: string } | { distributorId: string } {
  const { role, entId, distributorId } = registration;
  if (role === 'idp' && entId !== undefined && entId !== '' && distributorId === undefined) return { entId };
  if (role === 'sp' && distributorId !== undefined && /^\d{9}_\d{16}$/.test(distributorId) && entId === undefined)
    return { distributorId };
  throw fail(
    'ERR_SAML_PARTNER_INPUT',
    role === 'idp'
      ? 'un fournisseur d’identité s’enregistre avec son projet ENT (et sans distributeur)'
      : 'un fournisseur de service s’enregistre avec son distributeur technique (SIREN_16chiffres)',
    `role ${role}`,
  );
}

/** The operator's configured signer, as the key trust checks the metadata signature with. */
function signerKey(pem: string): KeyObject {
  try {
    return new X509Certificate(pem).publicKey;
  } catch (error) {
    throw fail('ERR_METADATA_SIGNER_INVALID', 'certificat de signature des métadonnées illisible', String(error));
  }
}
