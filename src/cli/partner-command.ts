/**
 * `gar-broker partner add | issue-cert | list | revoke-cert`: the registry of the certificates
 * partners authenticate with on the web services (gar-reference §5).
 */
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrokerConfig } from '../config/index.js';
import { systemClock } from '../core/clock.js';
import { fail } from '../core/fail.js';
import type { Logger } from '../core/logger.js';
import { openMigratedStore, createPartnerCertificateStore } from '../store/index.js';
import {
  describeCertificate,
  issuePartnerCertificate,
  loadOrCreatePartnerCa,
  normaliseFingerprint,
  type CertificateDescription,
  type PartnerCertificateRecord,
  type PartnerCertificateStore,
  type PartnerKind,
} from '../trust/index.js';
import {
  commandLogger,
  configFrom,
  flagOptions,
  parseCommandArgs,
  parseStrictFlags,
  requireInteger,
  type CliIo,
  cliActor,
} from './cli-context.js';

interface PartnerContext {
  readonly registry: PartnerCertificateStore;
  readonly config: BrokerConfig;
  readonly logger: Logger;
}

type Subcommand = (args: readonly string[], io: CliIo) => Promise<number>;

const subcommands: Readonly<Record<string, Subcommand>> = {
  add: addCommand,
  'issue-cert': issueCertCommand,
  list: listCommand,
  'revoke-cert': revokeCertCommand,
};

export async function partnerCommand(args: readonly string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  const run = sub === undefined ? undefined : subcommands[sub];
  if (run === undefined) throw fail('ERR_CLI_USAGE', 'Usage : gar-broker partner add|issue-cert|list|revoke-cert');
  return run(rest, io);
}

async function withRegistry(
  io: CliIo,
  configFile: string | undefined,
  work: (context: PartnerContext) => Promise<number>,
): Promise<number> {
  const config = configFrom(io, configFile);
  const logger = commandLogger(config, io);
  const store = await openMigratedStore(config, logger);
  try {
    return await work({ registry: createPartnerCertificateStore(store), config, logger });
  } finally {
    await store.close();
  }
}

const addUsage =
  'Usage : gar-broker partner add --id <id> --name <nom> '
  + '(--cert <fichier.pem> | --fingerprint <sha256> --not-after <date ISO>) [--kind distributor|ent] [--force]';

type AddFlags = Partial<Record<'id' | 'name' | 'cert' | 'fingerprint' | 'not-after' | 'kind' | 'config', string>> & {
  readonly force?: boolean;
};

async function addCommand(args: readonly string[], io: CliIo): Promise<number> {
  const names = ['id', 'name', 'cert', 'fingerprint', 'not-after', 'kind', 'config', 'force'];
  const values = parseStrictFlags<AddFlags>(args, flagOptions(names, ['force']), addUsage);
  const { id, name, cert, fingerprint } = values;
  if (
    id === undefined
    || name === undefined
    || (cert === undefined) === (fingerprint === undefined)
    || (fingerprint !== undefined) !== (values['not-after'] !== undefined)
  ) {
    throw fail('ERR_CLI_USAGE', addUsage);
  }
  const kind = partnerKind(values.kind, id);
  const now = systemClock.now();
  // A fingerprint-only registration has no certificate to read: its validity is what the operator states, from now on.
  const certificate =
    cert === undefined
      ? {
          fingerprint: normaliseFingerprint(fingerprint ?? ''),
          subject: '',
          serial: '',
          notBefore: now,
          notAfter: isoDate(values['not-after']),
        }
      : describeCertificate(readCertificateFile(cert));
  const outside = outsideValidity(certificate, now);
  if (outside !== undefined && values.force !== true) {
    throw fail(
      'ERR_PARTNER_CERT_OUTSIDE_VALIDITY',
      `Le certificat de ${id} ${outside} : il serait refusé à chaque appel des web services. Demandez au `
        + 'partenaire un certificat en cours de validité, ou ajoutez --force pour l’enregistrer quand même '
        + '(un certificat de renouvellement, par exemple).',
      `fingerprint ${certificate.fingerprint}: valid ${certificate.notBefore.toISOString()} → `
        + certificate.notAfter.toISOString(),
    );
  }
  return withRegistry(io, values.config, async ({ registry, logger }) => {
    const record = recordOf(kind, id, 'registered', certificate, now);
    await registry.addCertificate(record, name, cliActor());
    logger.info({
      event: 'partner.certificate_registered',
      partnerKind: kind,
      partnerId: id,
      fingerprint: record.fingerprint,
      ...(outside === undefined ? {} : { forced: true, notBefore: record.notBefore, notAfter: record.notAfter }),
    });
    if (outside !== undefined) {
      io.stderr.write(
        `Attention : le certificat de ${id} ${outside} ; enregistré à cause de --force, il est refusé par les `
          + 'web services tant qu’il n’est pas dans sa période de validité.\n',
      );
    }
    io.stdout.write(
      `Certificat enregistré pour ${id} (${kindLabel[kind]}).\n`
        + `Empreinte SHA-256 : ${record.fingerprint}\n`
        + `Valide du ${record.notBefore} au ${record.notAfter}\n`,
    );
    return 0;
  });
}

async function issueCertCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(args, ['id', 'name', 'out', 'days', 'kind', 'config']);
  const { id, name, out } = values;
  if (id === undefined || name === undefined || out === undefined) {
    throw fail(
      'ERR_CLI_USAGE',
      'Usage : gar-broker partner issue-cert --id <id> --name <nom> '
        + '--out <dossier> [--days 365] [--kind distributor|ent]',
    );
  }
  const kind = partnerKind(values.kind, id);
  const days = requireInteger(values.days ?? '365', 'days', 1);
  return withRegistry(io, values.config, async ({ registry, config, logger }) => {
    const now = systemClock.now();
    const ca = loadOrCreatePartnerCa(config.webServices.partnerCa, now);
    const issued = issuePartnerCertificate(ca, { partnerId: id, partnerName: name, days, now });
    const files = { cert: join(out, `${id}.crt`), key: join(out, `${id}.key`) };
    mkdirSync(out, { recursive: true });
    writeFileSync(files.key, issued.privateKeyPem, { mode: 0o600 });
    chmodSync(files.key, 0o600); // the mode above applies only to a new file; an old one keeps its own
    writeFileSync(files.cert, issued.certificatePem);
    const record = recordOf(kind, id, 'issued', describeCertificate(issued.certificatePem), now);
    await registry.addCertificate(record, name, cliActor());
    logger.info({
      event: 'partner.certificate_issued',
      partnerKind: kind,
      partnerId: id,
      fingerprint: record.fingerprint,
    });
    io.stdout.write(
      `Certificat émis pour ${id} (${kindLabel[kind]}) : ${files.cert}, clé privée : ${files.key}\n`
        + `Empreinte SHA-256 : ${record.fingerprint}\nValide du ${record.notBefore} au ${record.notAfter}\n`,
    );
    return 0;
  });
}

async function listCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(args, ['id', 'kind', 'config']);
  const kind = values.kind === undefined ? undefined : partnerKind(values.kind, values.id);
  return withRegistry(io, values.config, async ({ registry }) => {
    const all = await registry.listCertificates(
      values.id === undefined ? undefined : { kind: kind ?? 'distributor', id: values.id },
    );
    const records = all.filter((r) => kind === undefined || r.partnerKind === kind);
    io.stdout.write(records.length === 0 ? 'Aucun certificat de partenaire.\n' : renderTable(records));
    return 0;
  });
}

async function revokeCertCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(args, ['fingerprint', 'config']);
  if (values.fingerprint === undefined)
    throw fail('ERR_CLI_USAGE', 'Usage : gar-broker partner revoke-cert --fingerprint <sha256>');
  const fingerprint = normaliseFingerprint(values.fingerprint);
  return withRegistry(io, values.config, async ({ registry, logger }) => {
    const record = await registry.findCertificate(fingerprint);
    if (record === undefined)
      throw fail('ERR_PARTNER_CERT_UNKNOWN', `Aucun certificat de partenaire avec l'empreinte ${fingerprint}.`);
    if (record.revokedAt !== null) {
      io.stdout.write(`Certificat de ${record.partnerId} déjà révoqué le ${record.revokedAt}.\n`);
      return 0;
    }
    await registry.revokeCertificate(fingerprint, systemClock.now(), cliActor());
    logger.info({
      event: 'partner.certificate_revoked',
      partnerKind: record.partnerKind,
      partnerId: record.partnerId,
      fingerprint,
    });
    io.stdout.write(`Certificat de ${record.partnerId} révoqué ; il est refusé dès maintenant.\n`);
    return 0;
  });
}

const kindLabel: Readonly<Record<PartnerKind, string>> = { distributor: 'distributeur', ent: 'ENT' };

/**
 * Distributor ids are `SIREN_16digits` (gar-reference §5, idDistributeurCom); other ids are kept
 * to a file-name-safe alphabet since issue-cert names files after them.
 */
function partnerKind(text: string | undefined, id: string | undefined): PartnerKind {
  const kind = text ?? 'distributor';
  if (kind !== 'distributor' && kind !== 'ent') throw fail('ERR_CLI_USAGE', '--kind attend distributor ou ent');
  if (id !== undefined && kind === 'distributor' && !/^\d{9}_\d{16}$/.test(id)) {
    throw fail('ERR_CLI_USAGE', "--id d'un distributeur : SIREN_16chiffres (9 chiffres, « _ », 16 chiffres)");
  }
  if (id !== undefined && !/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(id))
    throw fail('ERR_CLI_USAGE', '--id : lettres, chiffres, « . », « _ », « - » (64 au plus)');
  return kind;
}

/**
 * Why a certificate cannot authenticate anyone now (the web services refuse it outside its
 * validity, ERR_WS_CLIENT_CERT_EXPIRED), in French; undefined when it is valid.
 */
function outsideValidity(certificate: CertificateDescription, now: Date): string | undefined {
  if (certificate.notAfter.getTime() < now.getTime()) return `a expiré le ${certificate.notAfter.toISOString()}`;
  if (certificate.notBefore.getTime() > now.getTime())
    return `n’est valable qu’à partir du ${certificate.notBefore.toISOString()}`;
  return undefined;
}

function isoDate(text: string | undefined): Date {
  const at = new Date(text ?? '');
  if (text === undefined || !/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(at.getTime()))
    throw fail('ERR_CLI_USAGE', '--not-after attend une date ISO (2027-08-31 ou 2027-08-31T23:59:59Z)');
  return at;
}

function readCertificateFile(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw fail('ERR_PKI_CERTIFICATE_INVALID', `Certificat illisible : ${file}`, String(error));
  }
}

function recordOf(
  kind: PartnerKind,
  id: string,
  origin: PartnerCertificateRecord['origin'],
  certificate: CertificateDescription,
  now: Date,
): PartnerCertificateRecord {
  return {
    fingerprint: certificate.fingerprint,
    partnerKind: kind,
    partnerId: id,
    origin,
    subject: certificate.subject,
    serial: certificate.serial,
    notBefore: certificate.notBefore.toISOString(),
    notAfter: certificate.notAfter.toISOString(),
    createdAt: now.toISOString(),
    revokedAt: null,
  };
}

function renderTable(records: readonly PartnerCertificateRecord[]): string {
  const header = ['partenaire', 'type', 'origine', 'empreinte', 'validité', 'révoqué'];
  const rows = [
    header,
    ...records.map((r) => [
      r.partnerId,
      kindLabel[r.partnerKind],
      r.origin === 'issued' ? 'émis' : 'enregistré',
      r.fingerprint,
      `${r.notBefore.slice(0, 10)} → ${r.notAfter.slice(0, 10)}`,
      r.revokedAt === null ? 'non' : r.revokedAt.slice(0, 10),
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
