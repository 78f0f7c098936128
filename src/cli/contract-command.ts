import { parseArgs } from 'node:util';
import {
  maxContractDocumentBytes,
  parseContractDocument,
  type ContractAudit,
  type ContractStatus,
  type ContractStore,
  type ContractVersion,
} from '../attribute-filter/index.js';
import { systemClock } from '../core/clock.js';
import { newCorrelationId } from '../core/correlation-id.js';
import { fail } from '../core/fail.js';
import type { Logger } from '../core/logger.js';
import { openMigratedStore, createContractStore } from '../store/index.js';
import { cliActor, commandLogger, configFrom, requireInteger, type CliIo } from './cli-context.js';
import { readBoundedFile } from './read-bounded-file.js';

const usage = [
  'Usage :',
  '  gar-broker contract submit <fichier.json>',
  '  gar-broker contract approve --resource ARK --version N [--by NOM]',
  '  gar-broker contract reject --resource ARK --version N --reason "motif" [--by NOM]',
  '  gar-broker contract list --resource ARK [--json]',
  'avec [--config FICHIER].',
].join('\n');

type Flags = {
  readonly config?: string;
  readonly resource?: string;
  readonly version?: string;
  readonly reason?: string;
  readonly by?: string;
  readonly json?: boolean;
};
type Run = (contracts: ContractStore, flags: Flags, file: string | undefined, context: RunContext) => Promise<string>;
interface RunContext {
  readonly audit: ContractAudit;
  readonly logger: Logger;
}

interface Subcommand {
  /** The flags it takes (`--config` always), and those it cannot do without. */
  readonly flags: readonly (keyof Flags)[];
  readonly required: readonly (keyof Flags)[];
  /** Whether it reads a document file, named as its one argument. */
  readonly file: boolean;
  readonly run: Run;
}

const subcommands: Readonly<Record<string, Subcommand>> = {
  submit: { flags: [], required: [], file: true, run: submit },
  approve: { flags: ['resource', 'version', 'by'], required: ['resource', 'version'], file: false, run: approve },
  reject: {
    flags: ['resource', 'version', 'reason', 'by'],
    required: ['resource', 'version', 'reason'],
    file: false,
    run: reject,
  },
  list: { flags: ['resource', 'json'], required: ['resource'], file: false, run: list },
};

const statusLabels: Readonly<Record<ContractStatus, string>> = {
  submitted: 'soumise',
  approved: 'approuvée (en vigueur)',
  rejected: 'refusée',
  superseded: 'remplacée',
};

/**
 * `contract submit|approve|reject|list`: a resource's contract (gar-reference §3). A publisher's
 * version is checked whole before the store is opened; it takes effect only when the operator
 * approves it, and every version stays on record. Refusals exit 1 with their code.
 */
export async function contractCommand(args: readonly string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  const spec = sub === undefined ? undefined : subcommands[sub];
  if (spec === undefined) throw fail('ERR_CLI_USAGE', usage);
  const { flags, positionals } = parseFlags(rest, spec.flags);
  if (positionals.length !== (spec.file ? 1 : 0)) throw fail('ERR_CLI_USAGE', usage);
  const [file] = positionals;
  const missing = spec.required.filter((name) => flags[name] === undefined);
  if (missing.length > 0)
    throw fail('ERR_CLI_USAGE', `Option(s) manquante(s) : ${missing.map((n) => `--${n}`).join(', ')}\n${usage}`);
  if (flags.version !== undefined) requireInteger(flags.version, 'version', 1);
  const config = configFrom(io, flags.config);
  const logger = commandLogger(config, io);
  const store = await openMigratedStore(config, logger);
  try {
    const audit = { actor: cliActor(flags.by), at: systemClock.now(), correlationId: newCorrelationId() };
    io.stdout.write(await spec.run(createContractStore(store), flags, file, { audit, logger }));
    return 0;
  } finally {
    await store.close();
  }
}

function parseFlags(args: readonly string[], names: readonly (keyof Flags)[]) {
  const options = Object.fromEntries(
    ['config', ...names].map((n) => [n, { type: n === 'json' ? ('boolean' as const) : ('string' as const) }]),
  );
  try {
    const { values, positionals } = parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
    return { flags: values as Flags, positionals };
  } catch (error) {
    throw fail('ERR_CLI_USAGE', `Arguments invalides : ${(error as Error).message}\n${usage}`);
  }
}

async function submit(
  contracts: ContractStore,
  _flags: Flags,
  file: string | undefined,
  { audit, logger }: RunContext,
): Promise<string> {
  const document = parseContractDocument(readDocument(file ?? ''));
  const version = await contracts.submitContract(document, audit);
  logger.info({
    event: 'contract.submitted',
    correlationId: audit.correlationId,
    idRessource: document.idRessource,
    version: document.version,
  });
  return (
    `Contrat de ${document.idRessource} : version ${version.document.version} soumise. `
    + 'Elle prendra effet après approbation (gar-broker contract approve).\n'
  );
}

async function approve(
  contracts: ContractStore,
  flags: Flags,
  _file: string | undefined,
  { audit, logger }: RunContext,
): Promise<string> {
  const [id, n] = target(flags);
  const after = await contracts.approveContract(id, n, audit);
  logger.info({ event: 'contract.approved', correlationId: audit.correlationId, idRessource: id, version: n });
  const superseded = after.filter((v) => v.status === 'superseded').map((v) => v.document.version);
  return (
    `Contrat de ${id} : version ${n} approuvée, désormais en vigueur.\n`
    + (superseded.length === 0 ? '' : `Versions remplacées, plus en vigueur : ${superseded.join(', ')}.\n`)
  );
}

async function reject(
  contracts: ContractStore,
  flags: Flags,
  _file: string | undefined,
  { audit, logger }: RunContext,
): Promise<string> {
  const [id, n] = target(flags);
  await contracts.rejectContract(id, n, flags.reason ?? '', audit);
  logger.info({ event: 'contract.rejected', correlationId: audit.correlationId, idRessource: id, version: n });
  return `Contrat de ${id} : version ${n} refusée.\n`;
}

async function list(contracts: ContractStore, flags: Flags): Promise<string> {
  const versions = await contracts.listContracts(flags.resource ?? '');
  if (flags.json === true) return `${JSON.stringify(versions, null, 2)}\n`;
  const lines = versions.map(describeVersion);
  lines.push(versions.length === 0 ? 'Aucune version de contrat.' : `${versions.length} version(s).`);
  return `${lines.join('\n')}\n`;
}

function describeVersion(v: ContractVersion): string {
  const decision = v.decidedAt === undefined ? '' : `, décidée le ${v.decidedAt} par ${v.decidedBy ?? '?'}`;
  const attributes =
    v.document.attributs.length === 0 ? 'aucun (IDO, UAI, PRO seulement)' : v.document.attributs.join(', ');
  const reason = v.reason === undefined ? '' : `\n    motif : ${v.reason}`;
  return (
    `v${v.document.version}  ${statusLabels[v.status]}  soumise le ${v.submittedAt}${decision}\n`
    + `    attributs : ${attributes}${reason}`
  );
}

function target(flags: Flags): [string, number] {
  return [flags.resource ?? '', requireInteger(flags.version, 'version', 1)];
}

function readDocument(file: string): string {
  return readBoundedFile(file, maxContractDocumentBytes, {
    unreadable: 'ERR_CONTRACT_UNREADABLE',
    tooLarge: 'ERR_CONTRACT_INVALID',
    what: 'Fichier de contrat',
  });
}
