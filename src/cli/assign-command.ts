import { systemClock } from '../core/clock.js';
import { newCorrelationId } from '../core/correlation-id.js';
import { fail } from '../core/fail.js';
import type { Logger } from '../core/logger.js';
import { openMigratedStore, createLicensingStore } from '../store/index.js';
import {
  parseAssignmentTarget,
  type AssignmentTarget,
  type AssignmentView,
  type AuditContext,
  type LicensingStore,
} from '../subscriptions/index.js';
import { commandLogger, configFrom, type CliIo, cliActor, flagOptions, parseStrictFlags } from './cli-context.js';
import { definedFields } from '../core/defined-fields.js';

const usage = [
  'Usage :',
  '  gar-broker assign add --distributor D --subscription S --uai U '
    + '(--person ENT:ID | --class CODE | --group CODE [--audience ELEVE|ENSEIGNANT] | --level MEF | --subject CODE '
    + '| --profile PUBLIC) [--by NOM]',
  '  gar-broker assign list (--uai U | --distributor D --subscription S) [--json]',
  '  gar-broker assign revoke --id N [--by NOM]',
  '  gar-broker assign reconcile [--uai U] [--by NOM]',
  'avec [--config FICHIER].',
].join('\n');

const stringFlags = [
  'config',
  'by',
  'distributor',
  'subscription',
  'uai',
  'person',
  'class',
  'group',
  'audience',
  'level',
  'subject',
  'profile',
  'id',
] as const;
type Flags = Partial<Record<(typeof stringFlags)[number], string>> & { readonly json?: boolean };

/**
 * `assign add|list|revoke|reconcile`: licence assignments of a subscription from the command
 * line (gar-reference §7, what an RA does in the console). Refusals exit 1 with their code.
 */
export async function assignCommand(args: readonly string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  const flags = parseFlags(rest);
  switch (sub) {
    case 'add':
      return withLicensing(io, flags, (l, audit, log) => addCommand(l, flags, audit, io, log));
    case 'list':
      return withLicensing(io, flags, (l) => listCommand(l, flags, io));
    case 'revoke':
      return withLicensing(io, flags, (l, audit, log) => revokeCommand(l, flags, audit, io, log));
    case 'reconcile':
      return withLicensing(io, flags, (l, audit, log) => reconcileCommand(l, flags, audit, io, log));
    default:
      throw fail('ERR_CLI_USAGE', usage);
  }
}

function parseFlags(args: readonly string[]): Flags {
  return parseStrictFlags<Flags>(args, flagOptions([...stringFlags, 'json'], ['json']), usage);
}

function required(flags: Flags, ...names: (typeof stringFlags)[number][]): string[] {
  const missing = names.filter((n) => flags[n] === undefined);
  if (missing.length > 0)
    throw fail('ERR_CLI_USAGE', `Option(s) manquante(s) : ${missing.map((n) => `--${n}`).join(', ')}\n${usage}`);
  return names.map((n) => flags[n] as string);
}

/** Only the flags a subcommand knows: a stray one is a usage error, not silently ignored. */
function only(flags: Flags, allowed: readonly string[]): void {
  const stray = Object.keys(flags).filter((k) => !allowed.includes(k) && k !== 'config');
  if (stray.length > 0)
    throw fail('ERR_CLI_USAGE', `Option(s) sans objet ici : ${stray.map((n) => `--${n}`).join(', ')}\n${usage}`);
}

async function withLicensing(
  io: CliIo,
  flags: Flags,
  work: (licensing: LicensingStore, audit: AuditContext, logger: Logger) => Promise<number>,
): Promise<number> {
  const config = configFrom(io, flags.config);
  const logger = commandLogger(config, io);
  const store = await openMigratedStore(config, logger);
  try {
    const audit = { actor: cliActor(flags.by), at: systemClock.now(), correlationId: newCorrelationId() };
    return await work(createLicensingStore(store), audit, logger);
  } finally {
    await store.close();
  }
}

async function addCommand(
  licensing: LicensingStore,
  flags: Flags,
  audit: AuditContext,
  io: CliIo,
  logger: Logger,
): Promise<number> {
  only(flags, [
    'by',
    'distributor',
    'subscription',
    'uai',
    'person',
    'class',
    'group',
    'audience',
    'level',
    'subject',
    'profile',
  ]);
  const [distributorId, subscriptionId, uai] = required(flags, 'distributor', 'subscription', 'uai') as [
    string,
    string,
    string,
  ];
  const target = parseAssignmentTarget(flags);
  const view = await licensing.addAssignment({ distributorId, subscriptionId }, uai, target, audit);
  logger.info({
    event: 'assignment.added',
    correlationId: audit.correlationId,
    id: view.id,
    kind: target.kind,
    matched: view.matched,
    granted: view.granted,
    waiting: view.waiting,
  });
  io.stdout.write(
    `Affectation ${view.id} créée : ${view.granted} licence(s) attribuée(s), ${view.waiting} personne(s) en attente.\n`,
  );
  io.stdout.write(renderTable([view]));
  return 0;
}

async function listCommand(licensing: LicensingStore, flags: Flags, io: CliIo): Promise<number> {
  only(flags, ['uai', 'distributor', 'subscription', 'json']);
  const bySubscription = flags.distributor !== undefined || flags.subscription !== undefined;
  if (bySubscription === (flags.uai !== undefined)) {
    throw fail('ERR_CLI_USAGE', `Indiquer --uai, ou --distributor avec --subscription.\n${usage}`);
  }
  const views = bySubscription
    ? await licensing.listAssignments({ subscription: toKey(required(flags, 'distributor', 'subscription')) })
    : await licensing.listAssignments({ uai: flags.uai as string });
  io.stdout.write(
    flags.json === true
      ? `${JSON.stringify(views, null, 2)}\n`
      : views.length === 0
        ? 'Aucune affectation.\n'
        : renderTable(views),
  );
  return 0;
}

function toKey([distributorId, subscriptionId]: string[]): { distributorId: string; subscriptionId: string } {
  return { distributorId: distributorId as string, subscriptionId: subscriptionId as string };
}

async function revokeCommand(
  licensing: LicensingStore,
  flags: Flags,
  audit: AuditContext,
  io: CliIo,
  logger: Logger,
): Promise<number> {
  only(flags, ['id', 'by']);
  const [raw] = required(flags, 'id');
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id < 1) throw fail('ERR_CLI_USAGE', '--id attend un entier ≥ 1');
  const view = await licensing.revokeAssignment(id, audit);
  logger.info({ event: 'assignment.revoked', correlationId: audit.correlationId, id: view.id });
  io.stdout.write(`Affectation ${view.id} retirée ; les licences de ceux qu'elle seule couvrait sont rendues.\n`);
  return 0;
}

async function reconcileCommand(
  licensing: LicensingStore,
  flags: Flags,
  audit: AuditContext,
  io: CliIo,
  logger: Logger,
): Promise<number> {
  only(flags, ['uai', 'by']);
  const summary = await licensing.reconcile(definedFields({ uai: flags.uai }), audit);
  logger.info({ event: 'licence.reconciled', correlationId: audit.correlationId, ...summary });
  io.stdout.write(
    `Réconciliation : ${summary.granted} licence(s) attribuée(s), `
      + `${summary.released} rendue(s), ${summary.waiting} personne(s) en attente.\n`,
  );
  return 0;
}

const targetNames: Readonly<Record<AssignmentTarget['kind'], string>> = {
  person: 'personne',
  class: 'classe',
  group: 'groupe',
  level: 'niveau',
  subject: 'matière',
  profile: 'profil',
};

function describeTarget(target: AssignmentTarget): string {
  const what =
    target.kind === 'person'
      ? `${target.entId}:${target.personId}`
      : target.kind === 'profile'
        ? target.audience
        : target.code;
  return `${targetNames[target.kind]} ${what}`;
}

/** A plain text table: id, cible, public, couverts, attribuées, en attente. */
function renderTable(views: readonly AssignmentView[]): string {
  const header = ['id', 'abonnement', 'cible', 'public', 'couverts', 'attribuées', 'en attente'];
  const rows = views.map((v) => [
    String(v.id),
    `${v.subscription.distributorId}/${v.subscription.subscriptionId}`,
    describeTarget(v.target),
    v.audience,
    String(v.matched),
    String(v.granted),
    String(v.waiting),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i] as number))
      .join('  ')
      .trimEnd();
  return `${[line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')}\n`;
}
