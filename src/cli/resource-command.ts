import { parseArgs } from 'node:util';
import { systemClock } from '../core/clock.js';
import { newCorrelationId } from '../core/correlation-id.js';
import { fail } from '../core/fail.js';
import { openMigratedStore, createResourceStore } from '../store/index.js';
import { maxResourceDocumentBytes, parseResourceDocument, type ResourceDescription } from '../subscriptions/index.js';
import { commandLogger, configFrom, type CliIo, cliActor } from './cli-context.js';
import { readBoundedFile } from './read-bounded-file.js';

const usage =
  'Usage : gar-broker resource add <fichier.json> | resource import <fichier.json> '
  + '| resource list [--json], avec [--config FICHIER]';

/**
 * `resource add` (one resource), `resource import` (an array or `{ "ressources": […] }`) and
 * `resource list [--json]`. The document is checked whole before the store is opened: a refused
 * document writes nothing (exit 1, every problem listed).
 */
export async function resourceCommand(args: readonly string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'add' && sub !== 'import' && sub !== 'list') throw fail('ERR_CLI_USAGE', usage);
  const { config: configFile, json, positionals } = parseResourceArgs(rest, sub === 'list');
  if (sub === 'list') {
    if (positionals.length > 0) throw fail('ERR_CLI_USAGE', usage);
    return listResources(io, configFile, json);
  }
  const [file, ...extra] = positionals;
  if (file === undefined || extra.length > 0) throw fail('ERR_CLI_USAGE', usage);
  const resources = parseResourceDocument(readDocument(file), sub === 'add' ? 'one' : 'many');
  return saveResources(io, configFile, resources);
}

function parseResourceArgs(args: readonly string[], withJson: boolean) {
  const options = { config: { type: 'string' as const }, ...(withJson ? { json: { type: 'boolean' as const } } : {}) };
  try {
    const { values, positionals } = parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
    return { config: values.config, json: 'json' in values && values.json === true, positionals };
  } catch (error) {
    throw fail('ERR_CLI_USAGE', `Arguments invalides : ${(error as Error).message}`);
  }
}

function readDocument(file: string): string {
  return readBoundedFile(file, maxResourceDocumentBytes, {
    unreadable: 'ERR_RESOURCE_UNREADABLE',
    tooLarge: 'ERR_RESOURCE_TOO_LARGE',
    what: 'Fichier de ressources',
  });
}

async function saveResources(
  io: CliIo,
  configFile: string | undefined,
  resources: readonly ResourceDescription[],
): Promise<number> {
  const config = configFrom(io, configFile);
  const logger = commandLogger(config, io);
  const store = await openMigratedStore(config, logger);
  try {
    const audit = { actor: cliActor(), at: systemClock.now(), correlationId: newCorrelationId() };
    const counts = await createResourceStore(store).saveResources(resources, audit);
    logger.info({ event: 'resource.saved', correlationId: audit.correlationId, ...counts });
    io.stdout.write(
      `Ressources : ${counts.added} ajoutée(s), ${counts.changed} modifiée(s), ${counts.unchanged} inchangée(s).\n`,
    );
    return 0;
  } finally {
    await store.close();
  }
}

async function listResources(io: CliIo, configFile: string | undefined, json: boolean): Promise<number> {
  const config = configFrom(io, configFile);
  const store = await openMigratedStore(config, commandLogger(config, io));
  try {
    const resources = await createResourceStore(store).listResources();
    // --json prints the shape `resource import` reads back.
    if (json) io.stdout.write(`${JSON.stringify({ ressources: resources }, null, 2)}\n`);
    else io.stdout.write(renderResourceList(resources));
    return 0;
  } finally {
    await store.close();
  }
}

function renderResourceList(resources: readonly ResourceDescription[]): string {
  const lines = resources.map(
    (r) => `${r.idRessource}  [${r.typePresentation.code}]  ${r.nomRessource} (${r.editeur.nom})`,
  );
  lines.push(resources.length === 0 ? 'Aucune ressource enregistrée.' : `${resources.length} ressource(s).`);
  return `${lines.join('\n')}\n`;
}
