/**
 * `gar-broker partner metadata add | list | remove | load`: the SAML federation registry,
 * ENT identity providers and publishers' service providers registered by their metadata.
 * `add --url` fetches the document (https; http only to localhost) and the server refreshes it
 * every `saml.metadataRefreshHours` (sooner when its cacheDuration or validUntil says so),
 * keeping the previous document when a refresh fails. The role follows from `--ent` (an IdP) or
 * `--distributor` (an SP) when `--role` is not given. The document's entityID must be an https URL
 * or a URN of 1,024 characters at most (ERR_METADATA_ENTITY_ID names the rule otherwise).
 */
import { resolve } from 'node:path';
import { systemClock } from '../core/clock.js';
import { fail } from '../core/fail.js';
import type { Logger } from '../core/logger.js';
import {
  createMetadataFetcher,
  isPartnerUsable,
  loadMetadataFolder,
  registerSamlPartner,
  type MetadataFolderReport,
  type SamlPartnerRecord,
  type SamlPartnerStore,
} from '../federation/index.js';
import { openMigratedStore, createSamlPartnerStore } from '../store/index.js';
import { defaultMaxMetadataBytes } from '../trust/index.js';
import { cliActor, commandLogger, configFrom, parseCommandArgs, type CliIo } from './cli-context.js';
import { readBoundedFile } from './read-bounded-file.js';
import { definedFields } from '../core/defined-fields.js';

type Subcommand = (args: readonly string[], io: CliIo) => Promise<number>;

const subcommands: Readonly<Record<string, Subcommand>> = {
  add: addCommand,
  list: listCommand,
  remove: removeCommand,
  load: loadCommand,
};

export async function partnerMetadataCommand(args: readonly string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  const run = sub === undefined ? undefined : subcommands[sub];
  if (run === undefined) throw fail('ERR_CLI_USAGE', 'Usage : gar-broker partner metadata add|list|remove|load');
  return run(rest, io);
}

async function withRegistry(
  io: CliIo,
  configFile: string | undefined,
  work: (registry: SamlPartnerStore, logger: Logger) => Promise<number>,
): Promise<number> {
  const config = configFrom(io, configFile);
  const logger = commandLogger(config, io);
  const store = await openMigratedStore(config, logger);
  try {
    return await work(createSamlPartnerStore(store), logger);
  } finally {
    await store.close();
  }
}

async function addCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(args, ['role', 'ent', 'distributor', 'file', 'url', 'signer', 'by', 'config']);
  const { file, url } = values;
  const role = values.role ?? impliedRole(values.ent, values.distributor);
  if ((role !== 'idp' && role !== 'sp') || (file === undefined) === (url === undefined)) {
    throw fail(
      'ERR_CLI_USAGE',
      'Usage : gar-broker partner metadata add ([--role idp] --ent <idENT> | [--role sp] --distributor <id>) '
        + '(--file <métadonnées.xml> | --url <https://…>) [--signer <cert.pem>]',
    );
  }
  const config = configFrom(io, values.config);
  const now = systemClock.now();
  const metadataXml =
    file !== undefined
      ? readBoundedFile(file, defaultMaxMetadataBytes, {
          unreadable: 'ERR_METADATA_FILE_UNREADABLE',
          tooLarge: 'ERR_XMLDSIG_TOO_LARGE',
          what: 'Fichier de métadonnées',
        })
      : await createMetadataFetcher({
          timeoutMs: config.saml.metadataFetchTimeoutSeconds * 1000,
          maxBytes: defaultMaxMetadataBytes,
        })(url as string);
  const source = url === undefined ? { kind: 'cli' as const } : { kind: 'url' as const, url };
  const signer =
    values.signer === undefined
      ? undefined
      : readBoundedFile(values.signer, defaultMaxMetadataBytes, {
          unreadable: 'ERR_METADATA_SIGNER_INVALID',
          tooLarge: 'ERR_METADATA_SIGNER_INVALID',
          what: 'Certificat de signature',
        });
  return withRegistry(io, values.config, async (registry, logger) => {
    const { record, outcome } = await registerSamlPartner(
      {
        role,
        ...definedFields({ entId: values.ent, distributorId: values.distributor }),
        source,
        metadataXml,
        ...definedFields({ signerCertificatePem: signer }),
      },
      { store: registry, now, actor: cliActor(values.by), refreshHours: config.saml.metadataRefreshHours },
    );
    logger.info({ event: 'saml_partner.registered', entityId: record.entityId, role, outcome });
    const validity = record.validUntil === undefined ? '' : `, valable jusqu’au ${record.validUntil}`;
    const refresh = record.refreshAfter === undefined ? '' : `, à retélécharger après ${record.refreshAfter}`;
    io.stdout.write(
      `${outcomeLabel[outcome]} : ${record.entityId} (${roleLabel[role]} ${ownerOf(record)})${validity}${refresh}.\n`,
    );
    return 0;
  });
}

async function listCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(args, ['role', 'config']);
  const { role } = values;
  if (role !== undefined && role !== 'idp' && role !== 'sp') throw fail('ERR_CLI_USAGE', '--role attend idp ou sp');
  return withRegistry(io, values.config, async (registry) => {
    const records = await registry.list(role);
    io.stdout.write(
      records.length === 0 ? 'Aucun partenaire SAML enregistré.\n' : renderTable(records, systemClock.now()),
    );
    return 0;
  });
}

async function removeCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(args, ['entity-id', 'by', 'config']);
  const entityId = values['entity-id'];
  if (entityId === undefined)
    throw fail('ERR_CLI_USAGE', 'Usage : gar-broker partner metadata remove --entity-id <entityID>');
  return withRegistry(io, values.config, async (registry, logger) => {
    if (!(await registry.remove(entityId, cliActor(values.by), systemClock.now()))) {
      throw fail('ERR_SAML_PARTNER_UNKNOWN', `Aucun partenaire SAML avec l’entityID ${entityId}.`);
    }
    logger.info({ event: 'saml_partner.removed', entityId });
    io.stdout.write(`Partenaire SAML retiré : ${entityId}.\n`);
    return 0;
  });
}

/** Exit 1 when any file was skipped, so that a deployment step notices; the good files are loaded all the same. */
async function loadCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(args, ['dir', 'by', 'config']);
  const dir = resolve(values.dir ?? 'metadata');
  return withRegistry(io, values.config, async (registry, logger) => {
    const report = await loadMetadataFolder(dir, {
      store: registry,
      now: systemClock.now(),
      logger,
      actor: cliActor(values.by),
    });
    io.stdout.write(renderReport(dir, report));
    return report.skipped.length === 0 ? 0 : 1;
  });
}

/** `--ent` names an ENT project, whose partner is an IdP; `--distributor` a publisher's SP. */
function impliedRole(ent: string | undefined, distributor: string | undefined): 'idp' | 'sp' | undefined {
  if (ent !== undefined && distributor === undefined) return 'idp';
  if (distributor !== undefined && ent === undefined) return 'sp';
  return undefined;
}

const roleLabel = { idp: 'fournisseur d’identité', sp: 'fournisseur de service' } as const;
const outcomeLabel = {
  added: 'Partenaire SAML ajouté',
  changed: 'Partenaire SAML mis à jour',
  unchanged: 'Partenaire SAML inchangé',
} as const;
const ownerOf = (record: SamlPartnerRecord): string =>
  record.role === 'idp' ? `de l’ENT ${record.entId ?? '?'}` : `du distributeur ${record.distributorId ?? '?'}`;

function renderReport(dir: string, report: MetadataFolderReport): string {
  const outcomeWord = { added: 'ajouté', changed: 'mis à jour', unchanged: 'inchangé' } as const;
  return [
    `Métadonnées de ${dir} : ${report.loaded.length} chargée(s), ${report.skipped.length} ignorée(s).`,
    ...report.loaded.map((l) => `  chargé   ${l.file}  ${l.entityId}  (${outcomeWord[l.outcome]})`),
    ...report.skipped.map((s) => `  ignoré   ${s.file}  [${s.code}] ${s.message}`),
    '',
  ].join('\n');
}

/** An expired partner stays listed (to be fixed or removed) but says it is no longer used. */
function renderTable(records: readonly SamlPartnerRecord[], now: Date): string {
  const header = ['entityID', 'rôle', 'ENT / distributeur', 'source', 'signée', 'valable jusqu’au', 'chargée le'];
  const rows = [
    header,
    ...records.map((r) => [
      r.entityId,
      r.role,
      r.entId ?? r.distributorId ?? '',
      r.source.kind === 'file' ? r.source.path : r.source.kind === 'url' ? r.source.url : 'cli',
      r.signerCertificatePem === undefined ? 'non' : 'oui',
      r.validUntil === undefined ? '-' : `${r.validUntil}${isPartnerUsable(r, now) ? '' : ' (expirée)'}`,
      r.loadedAt.slice(0, 19),
    ]),
  ];
  const widths = header.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return `${rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')}\n`;
}
