/**
 * `subscription add|update|list|remove`: a distributor's subscriptions from the command line, for
 * operators and tests. Everything goes through the distributors' web service's own service
 * (createDistributorService, with the same licence reconcile after a change as its composition)
 * and the body is the web service's (GAR XML `<abonnement>`, read by parseSubscriptionXml within
 * `webServices.maxBodyBytes`): same rules, same refusals (their ERR_WS_* codes, exit 1), same
 * audit events. Only the actor differs: `cli:<OS user>` instead of `distributor:<id>`. The id of
 * `add` and `update` is the body's `idAbonnement` (the web service takes it from its URL and
 * checks that the body repeats it).
 */
import { readFileSync, statSync } from 'node:fs';
import type { BrokerConfig } from '../config/index.js';
import { isBrokerError } from '../core/broker-error.js';
import { systemClock } from '../core/clock.js';
import { newCorrelationId } from '../core/correlation-id.js';
import { fail } from '../core/fail.js';
import type { Logger } from '../core/logger.js';
import { createLicensingStore, createSubscriptionStore, openMigratedStore } from '../store/index.js';
import {
  createDistributorService,
  maxPageSize,
  parseSubscriptionXml,
  type AuditContext,
  type DistributorService,
  type LicenceCount,
  type ReconcileSummary,
  type SubscriptionRecord,
} from '../subscriptions/index.js';
import { cliActor, commandLogger, configFrom, flagOptions, parseStrictFlags, type CliIo } from './cli-context.js';

const usage = [
  'Usage :',
  '  gar-broker subscription add --distributor <idDistributeur> --file <abonnement.xml>',
  '  gar-broker subscription update --distributor <idDistributeur> --file <abonnement.xml>',
  '  gar-broker subscription list --distributor <idDistributeur> [--json]',
  '  gar-broker subscription remove --distributor <idDistributeur> --id <idAbonnement>',
  'avec [--config FICHIER].',
].join('\n');

const stringFlags = ['config', 'distributor', 'file', 'id'] as const;
type FlagName = (typeof stringFlags)[number] | 'json';
type Flags = Partial<Record<(typeof stringFlags)[number], string>> & { readonly json?: boolean };

/** One run of a subcommand: its configuration, logger, and the audit context of what it changes. */
interface Session {
  readonly config: BrokerConfig;
  readonly logger: Logger;
  readonly audit: AuditContext;
}

/** A licence reconcile the service asked for after a change, and what it did. */
interface Reconciled {
  readonly uai: string;
  readonly summary: ReconcileSummary;
}

type Subcommand = (session: Session, flags: Flags, io: CliIo) => Promise<number>;

const subcommands: Readonly<Record<string, { readonly flags: readonly FlagName[]; readonly run: Subcommand }>> = {
  add: { flags: ['distributor', 'file'], run: addCommand },
  update: { flags: ['distributor', 'file'], run: updateCommand },
  list: { flags: ['distributor', 'json'], run: listCommand },
  remove: { flags: ['distributor', 'id'], run: removeCommand },
};

export async function subscriptionCommand(args: readonly string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  const subcommand = sub !== undefined && Object.hasOwn(subcommands, sub) ? subcommands[sub] : undefined;
  if (subcommand === undefined) throw fail('ERR_CLI_USAGE', usage);
  const flags = parseStrictFlags<Flags>(rest, flagOptions([...stringFlags, 'json'], ['json']), usage);
  only(flags, subcommand.flags);
  required(flags, ...subcommand.flags.filter((name) => name !== 'json'));
  const config = configFrom(io, flags.config);
  const logger = commandLogger(config, io);
  const session = {
    config,
    logger,
    audit: { actor: cliActor(), at: systemClock.now(), correlationId: newCorrelationId() },
  };
  try {
    return await subcommand.run(session, flags, io);
  } catch (error) {
    // The detail (every fault of a body, with its line) goes to the log, as the web service logs it.
    if (isBrokerError(error)) {
      logger.info({
        event: 'subscription.refused',
        correlationId: session.audit.correlationId,
        code: error.code,
        detail: error.detail,
      });
    }
    throw error;
  }
}

/** Only the flags a subcommand knows: a stray one is a usage error, not silently ignored. */
function only(flags: Flags, allowed: readonly FlagName[]): void {
  const stray = Object.keys(flags).filter((k) => !(allowed as readonly string[]).includes(k) && k !== 'config');
  if (stray.length > 0)
    throw fail('ERR_CLI_USAGE', `Option(s) sans objet ici : ${stray.map((n) => `--${n}`).join(', ')}\n${usage}`);
}

function required(flags: Flags, ...names: FlagName[]): void {
  const missing = names.filter((n) => flags[n] === undefined);
  if (missing.length > 0)
    throw fail('ERR_CLI_USAGE', `Option(s) manquante(s) : ${missing.map((n) => `--${n}`).join(', ')}\n${usage}`);
}

/** The distributor service on the store, with the web service's licence reconcile after a change. */
async function withService<T>(
  session: Session,
  work: (service: DistributorService, reconciled: readonly Reconciled[]) => Promise<T>,
): Promise<T> {
  const store = await openMigratedStore(session.config, session.logger);
  try {
    const licensing = createLicensingStore(store);
    const reconciled: Reconciled[] = [];
    // As compose/partner-mounts.ts composes it for the web service: licences follow a change at once.
    const service = createDistributorService({
      store: createSubscriptionStore(store),
      afterLicensingChange: async (uai, audit) => {
        reconciled.push({ uai, summary: await licensing.reconcile({ uai }, audit) });
      },
    });
    return await work(service, reconciled);
  } finally {
    await store.close();
  }
}

async function addCommand(session: Session, flags: Flags, io: CliIo): Promise<number> {
  const distributorId = flags.distributor as string;
  const maxBytes = session.config.webServices.maxBodyBytes;
  // Read and checked whole before the store is opened: a refused body writes nothing.
  const input = parseSubscriptionXml(readBody(flags.file as string, maxBytes), { mode: 'create', maxBytes });
  await withService(session, (service) => service.create(distributorId, input, session.audit));
  logChange(session, 'subscription.created', distributorId, input.idAbonnement, []);
  io.stdout.write(
    `Abonnement ${input.idAbonnement} créé pour le distributeur ${distributorId} : `
      + `ressource ${input.idRessource}, établissement ${input.uaiEtab}.\n`,
  );
  return 0;
}

async function updateCommand(session: Session, flags: Flags, io: CliIo): Promise<number> {
  const distributorId = flags.distributor as string;
  const maxBytes = session.config.webServices.maxBodyBytes;
  const input = parseSubscriptionXml(readBody(flags.file as string, maxBytes), { mode: 'update', maxBytes });
  const id = input.idAbonnement;
  const reconciled = await withService(session, async (service, done) => {
    await service.update(distributorId, id, input, session.audit);
    return done;
  });
  logChange(session, 'subscription.updated', distributorId, id, reconciled);
  io.stdout.write(`Abonnement ${id} modifié (distributeur ${distributorId})${describeReconciled(reconciled)}.\n`);
  return 0;
}

async function removeCommand(session: Session, flags: Flags, io: CliIo): Promise<number> {
  const distributorId = flags.distributor as string;
  const id = flags.id as string;
  const reconciled = await withService(session, async (service, done) => {
    await service.remove(distributorId, id, session.audit);
    return done;
  });
  logChange(session, 'subscription.removed', distributorId, id, reconciled);
  io.stdout.write(
    `Abonnement ${id} supprimé avec ses affectations et ses licences `
      + `(distributeur ${distributorId})${describeReconciled(reconciled)}.\n`,
  );
  return 0;
}

async function listCommand(session: Session, flags: Flags, io: CliIo): Promise<number> {
  const distributorId = flags.distributor as string;
  const records = await withService(session, (service) => listAll(service, distributorId));
  if (flags.json === true) io.stdout.write(`${JSON.stringify(records.map(toJson), null, 2)}\n`);
  else if (records.length === 0) io.stdout.write(`Aucun abonnement pour le distributeur ${distributorId}.\n`);
  else io.stdout.write(`${renderTable(records)}${records.length} abonnement(s).\n`);
  return 0;
}

/** Every subscription of the distributor, by id, page after page as the web service pages them. */
async function listAll(service: DistributorService, distributorId: string): Promise<SubscriptionRecord[]> {
  const all: SubscriptionRecord[] = [];
  for (let debut = 0; ; debut += maxPageSize) {
    const page = await service.list(distributorId, { filters: [] }, { debut, fin: debut + maxPageSize });
    all.push(...page);
    if (page.length < maxPageSize) return all;
  }
}

/**
 * The body file as bytes, as the web service reads its request body (an encoding fault is the
 * XML reader's to find), refused unread over the web service's limit.
 */
function readBody(file: string, maxBytes: number): Buffer {
  const unreadable = (error: unknown) =>
    fail('ERR_SUBSCRIPTION_FILE_UNREADABLE', `Fichier d'abonnement illisible : ${file}`, String(error));
  let size: number;
  try {
    size = statSync(file).size;
  } catch (error) {
    throw unreadable(error);
  }
  if (size > maxBytes) {
    throw fail(
      'ERR_WS_BODY_TOO_LARGE',
      `Fichier d'abonnement trop volumineux : ${file} (${maxBytes} octets au plus, webServices.maxBodyBytes).`,
      `${size} bytes`,
    );
  }
  try {
    return readFileSync(file);
  } catch (error) {
    throw unreadable(error);
  }
}

function logChange(
  session: Session,
  event: string,
  distributorId: string,
  id: string,
  reconciled: readonly Reconciled[],
): void {
  const { logger, audit } = session;
  logger.info({ event, correlationId: audit.correlationId, distributorId, id });
  for (const { uai, summary } of reconciled)
    logger.info({ event: 'licence.reconciled', correlationId: audit.correlationId, uai, ...summary });
}

function describeReconciled(reconciled: readonly Reconciled[]): string {
  return reconciled
    .map(
      ({ uai, summary }) =>
        ` ; licences de ${uai} : ${summary.granted} attribuée(s), ${summary.released} rendue(s), `
        + `${summary.waiting} personne(s) en attente`,
    )
    .join('');
}

// ---------------------------------------------------------------- list output

type CountName =
  | 'nbLicenceGlobale'
  | 'nbLicenceEnseignant'
  | 'nbLicenceEleve'
  | 'nbLicenceProfDoc'
  | 'nbLicenceAutrePersonnel';

/** One licence count of a subscription: its GAR element, its total, the licences held now. */
interface CountLine {
  readonly count: CountName;
  readonly total: LicenceCount;
  readonly used: number;
}

/** The counts in GAR's element order: the global one, or the four per-audience ones. */
function countLines({ subscription: { licences }, usage }: SubscriptionRecord): CountLine[] {
  if (licences.kind === 'global')
    return [{ count: 'nbLicenceGlobale', total: licences.nbLicenceGlobale, used: usage.global }];
  return [
    { count: 'nbLicenceEnseignant', total: licences.nbLicenceEnseignant, used: usage.teacher },
    { count: 'nbLicenceEleve', total: licences.nbLicenceEleve, used: usage.pupil },
    { count: 'nbLicenceProfDoc', total: licences.nbLicenceProfDoc, used: usage.librarian },
    { count: 'nbLicenceAutrePersonnel', total: licences.nbLicenceAutrePersonnel, used: usage.other },
  ];
}

/**
 * The `--json` item: every key always present (null when not given), GAR's element names for
 * what the distributor sent, `licences` as the counts with the licences held now. Documented in
 * docs/partner-web-services.md: add keys, never rename or remove one.
 */
function toJson(record: SubscriptionRecord) {
  const s = record.subscription;
  return {
    distributorId: record.distributorId,
    idAbonnement: s.idAbonnement,
    idDistributeurCom: s.idDistributeurCom,
    idRessource: s.idRessource,
    typeIdRessource: s.typeIdRessource,
    libelleRessource: s.libelleRessource,
    uaiEtab: s.uaiEtab,
    debutValidite: s.debutValidite,
    finValidite: s.fin.finValidite,
    anneeFinValidite: s.fin.kind === 'schoolYear' ? s.fin.anneeFinValidite : null,
    categorieAffectation: s.categorieAffectation,
    typeAffectation: s.typeAffectation,
    publicCible: s.publicCible,
    codeProjetRessource: s.codeProjetRessource ?? null,
    commentaireAbonnement: s.commentaireAbonnement ?? null,
    licences: countLines(record),
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

const countLabels: Readonly<Record<CountName, string>> = {
  nbLicenceGlobale: 'tous publics',
  nbLicenceEnseignant: 'enseignants',
  nbLicenceEleve: 'élèves',
  nbLicenceProfDoc: 'documentalistes',
  nbLicenceAutrePersonnel: 'autres personnels',
};

function describeCounts(record: SubscriptionRecord): string {
  return countLines(record)
    .map((c) => `${countLabels[c.count]} ${c.used}/${c.total === 'ILLIMITE' ? 'illimité' : c.total}`)
    .join(', ');
}

/** A plain text table: id, ressource, UAI, début, fin, licences (affectées/total). */
function renderTable(records: readonly SubscriptionRecord[]): string {
  const header = ['id', 'ressource', 'UAI', 'début', 'fin', 'licences (affectées/total)'];
  const rows = records.map((r) => [
    r.subscription.idAbonnement,
    r.subscription.idRessource,
    r.subscription.uaiEtab,
    r.subscription.debutValidite,
    r.subscription.fin.kind === 'schoolYear'
      ? `${r.subscription.fin.finValidite} (${r.subscription.fin.anneeFinValidite})`
      : r.subscription.fin.finValidite,
    describeCounts(r),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] as string).length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i] as number))
      .join('  ')
      .trimEnd();
  return `${[line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')}\n`;
}
