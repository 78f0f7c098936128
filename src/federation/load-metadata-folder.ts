/**
 * Loads the reviewed metadata files of `metadata/` at start: `idp/<name>.xml` with a
 * sidecar `idp/<name>.json` `{ "entId": "…" }`, `sp/<name>.xml` with `{ "distributorId": "…" }`,
 * either optionally `"signer": "<file.pem>"` (beside it) when the metadata must be signed. Each
 * file is registered whole or skipped with its code: one bad file never stops the others.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isBrokerError } from '../core/broker-error.js';
import { fail } from '../core/fail.js';
import type { Logger } from '../core/logger.js';
import { defaultMaxMetadataBytes } from '../trust/index.js';
import type { SamlPartnerSaveOutcome, SamlPartnerStore } from './ports.js';
import { registerSamlPartner, type SamlPartnerRegistration } from './register-saml-partner.js';
import { definedFields } from '../core/defined-fields.js';

export interface MetadataFolderReport {
  readonly loaded: ReadonlyArray<{
    readonly file: string;
    readonly entityId: string;
    readonly role: 'idp' | 'sp';
    readonly outcome: SamlPartnerSaveOutcome;
  }>;
  readonly skipped: ReadonlyArray<{ readonly file: string; readonly code: string; readonly message: string }>;
}

export interface MetadataFolderDeps {
  readonly store: SamlPartnerStore;
  readonly now: Date;
  readonly logger?: Logger;
  /** Audit actor; `system:metadata-folder` by default. */
  readonly actor?: string;
}

/** Store failures (not coded refusals of a file) are thrown: they would fail every file alike. */
export async function loadMetadataFolder(dir: string, deps: MetadataFolderDeps): Promise<MetadataFolderReport> {
  const loaded: Array<MetadataFolderReport['loaded'][number]> = [];
  const skipped: Array<MetadataFolderReport['skipped'][number]> = [];
  for (const role of ['idp', 'sp'] as const) {
    for (const name of xmlFiles(join(dir, role))) {
      const file = `${role}/${name}`;
      try {
        const registration = readRegistration(dir, role, name);
        const { record, outcome } = await registerSamlPartner(registration, {
          store: deps.store,
          now: deps.now,
          actor: deps.actor ?? 'system:metadata-folder',
        });
        loaded.push({ file, entityId: record.entityId, role, outcome });
        deps.logger?.info({ event: 'saml_partner.loaded', file, entityId: record.entityId, role, outcome });
      } catch (error) {
        if (!isBrokerError(error)) throw error;
        skipped.push({ file, code: error.code, message: error.message });
        deps.logger?.warn({ event: 'saml_partner.skipped', file, code: error.code, detail: error.detail });
      }
    }
  }
  return { loaded, skipped };
}

/** A missing role folder holds no partner; names are sorted so the report reads the same each start. */
function xmlFiles(roleDir: string): string[] {
  try {
    return readdirSync(roleDir, { withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith('.xml'))
      .map((entry) => entry.name)
      .sort();
  } catch {
    return [];
  }
}

function readRegistration(dir: string, role: 'idp' | 'sp', name: string): SamlPartnerRegistration {
  const path = join(dir, role, name);
  const sidecar = readSidecar(join(dir, role, `${name.slice(0, -'.xml'.length)}.json`), role);
  return {
    role,
    ...sidecar.owner,
    source: { kind: 'file', path },
    metadataXml: readText(path, 'ERR_METADATA_FILE_UNREADABLE', 'fichier de métadonnées illisible'),
    ...(sidecar.signer === undefined
      ? {}
      : {
          signerCertificatePem: readText(
            join(dir, role, sidecar.signer),
            'ERR_METADATA_SIGNER_INVALID',
            'certificat de signature illisible',
          ),
        }),
  };
}

interface Sidecar {
  readonly owner: { entId: string } | { distributorId: string };
  readonly signer?: string;
}

/**
 * The sidecar names whose partner this is: `{ "entId" }` for an IdP, `{ "distributorId" }` for an SP,
 * and nothing else.
 */
function readSidecar(path: string, role: 'idp' | 'sp'): Sidecar {
  const refuse = (why: string): never => {
    throw fail(
      'ERR_METADATA_SIDECAR',
      `fiche JSON absente ou invalide à côté des métadonnées (${role === 'idp' ? 'entId' : 'distributorId'} attendu)`,
      why,
    );
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    return refuse(`${path}: ${String(error)}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return refuse(`${path}: not an object`);
  const { entId, distributorId, signer, ...others } = parsed as Record<string, unknown>;
  const id = role === 'idp' ? entId : distributorId;
  const wrong = role === 'idp' ? distributorId : entId;
  if (typeof id !== 'string' || id === '' || wrong !== undefined || Object.keys(others).length > 0)
    return refuse(`${path}: unexpected keys`);
  // The signer is a file name beside the sidecar, never a path that could leave the folder.
  if (signer !== undefined && (typeof signer !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]*\.pem$/.test(signer)))
    return refuse(`${path}: signer is not a .pem file name`);
  return { owner: role === 'idp' ? { entId: id } : { distributorId: id }, ...definedFields({ signer }) };
}

/** Size checked before reading: a huge file in the folder is refused without being loaded. */
function readText(
  path: string,
  code: 'ERR_METADATA_FILE_UNREADABLE' | 'ERR_METADATA_SIGNER_INVALID',
  message: string,
): string {
  try {
    const size = statSync(path).size;
    if (size > defaultMaxMetadataBytes)
      throw fail('ERR_XMLDSIG_TOO_LARGE', `${message} : trop volumineux`, `${path}: ${size} bytes`);
    return readFileSync(path, 'utf8');
  } catch (error) {
    if (isBrokerError(error)) throw error;
    throw fail(code, message, `${path}: ${String(error)}`);
  }
}
