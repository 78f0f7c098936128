/**
 * `gar-broker partner cas-service add | list | remove`: the CAS services, each the exact
 * service URL a resource's site sends to `/cas/login`, and the resource it opens. `--logout-url`
 * is where the back-channel logout goes when it is not the service URL itself.
 */
import { systemClock } from '../core/clock.js';
import { fail } from '../core/fail.js';
import type { Logger } from '../core/logger.js';
import { registerCasService, type CasServiceRecord, type CasServiceStore } from '../federation/index.js';
import { openMigratedStore, createCasServiceStore, createResourceStore, type Store } from '../store/index.js';
import { cliActor, commandLogger, configFrom, parseCommandArgs, type CliIo } from './cli-context.js';
import { definedFields } from '../core/defined-fields.js';

type Subcommand = (args: readonly string[], io: CliIo) => Promise<number>;

const subcommands: Readonly<Record<string, Subcommand>> = { add: addCommand, list: listCommand, remove: removeCommand };

export async function casServiceCommand(args: readonly string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  const run = sub === undefined ? undefined : subcommands[sub];
  if (run === undefined) throw fail('ERR_CLI_USAGE', 'Usage : gar-broker partner cas-service add|list|remove');
  return run(rest, io);
}

async function withServices(
  io: CliIo,
  configFile: string | undefined,
  work: (services: CasServiceStore, store: Store, logger: Logger) => Promise<number>,
): Promise<number> {
  const config = configFrom(io, configFile);
  const logger = commandLogger(config, io);
  const store = await openMigratedStore(config, logger);
  try {
    return await work(createCasServiceStore(store), store, logger);
  } finally {
    await store.close();
  }
}

async function addCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, ['service', 'resource', 'logout-url', 'by', 'config']);
  const { service, resource } = values;
  if (service === undefined || resource === undefined || positionals.length > 0) {
    throw fail(
      'ERR_CLI_USAGE',
      'Usage : gar-broker partner cas-service add --service <url> '
        + '--resource <idRessource> [--logout-url <url>] [--by NOM]',
    );
  }
  return withServices(io, values.config, async (services, store, logger) => {
    const resources = createResourceStore(store);
    const logoutUrl = values['logout-url'];
    const { record, outcome } = await registerCasService(
      { serviceUrl: service, idRessource: resource, ...definedFields({ logoutUrl }) },
      {
        store: services,
        resourceExists: async (id) => (await resources.findResource(id)) !== undefined,
        actor: cliActor(values.by),
        now: systemClock.now(),
      },
    );
    logger.info({ event: 'cas_service.registered', idRessource: record.idRessource, outcome });
    io.stdout.write(
      `${outcomeLabel[outcome]} : ${record.serviceUrl} → ${record.idRessource}`
        + `${record.logoutUrl === undefined ? '' : ` (déconnexion : ${record.logoutUrl})`}.\n`,
    );
    return 0;
  });
}

async function listCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, ['config']);
  if (positionals.length > 0) throw fail('ERR_CLI_USAGE', 'Usage : gar-broker partner cas-service list');
  return withServices(io, values.config, async (services) => {
    const records = await services.list();
    io.stdout.write(records.length === 0 ? 'Aucun service CAS enregistré.\n' : renderTable(records));
    return 0;
  });
}

async function removeCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, ['service', 'by', 'config']);
  const { service } = values;
  if (service === undefined || positionals.length > 0)
    throw fail('ERR_CLI_USAGE', 'Usage : gar-broker partner cas-service remove --service <url> [--by NOM]');
  return withServices(io, values.config, async (services, _store, logger) => {
    if (!(await services.remove(service, cliActor(values.by), systemClock.now()))) {
      throw fail('ERR_CAS_SERVICE_UNKNOWN', `Aucun service CAS enregistré à l’adresse exacte ${service}.`);
    }
    logger.info({ event: 'cas_service.removed' });
    io.stdout.write(`Service CAS retiré : ${service}.\n`);
    return 0;
  });
}

const outcomeLabel = {
  added: 'Service CAS ajouté',
  changed: 'Service CAS mis à jour',
  unchanged: 'Service CAS inchangé',
} as const;

function renderTable(records: readonly CasServiceRecord[]): string {
  const header = ['service', 'ressource', 'déconnexion'];
  const rows = [header, ...records.map((r) => [r.serviceUrl, r.idRessource, r.logoutUrl ?? '(le service)'])];
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
