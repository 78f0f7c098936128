import { createRequire } from 'node:module';
import { isBrokerError } from '../core/broker-error.js';
import { fail } from '../core/fail.js';
import { adminCommand } from './admin-command.js';
import { assignCommand } from './assign-command.js';
import { casServiceCommand } from './cas-service-command.js';
import type { CliIo } from './cli-context.js';
import { renderHelp } from './commands.js';
import { configCommand } from './config-command.js';
import { contractCommand } from './contract-command.js';
import { feedGenerateCommand } from './feed-generate-command.js';
import { feedImportCommand } from './feed-import-command.js';
import { keysRotateCommand, keysShowCommand } from './keys-command.js';
import { migrateCommand } from './migrate-command.js';
import { partnerCommand } from './partner-command.js';
import { partnerMetadataCommand } from './partner-metadata-command.js';
import { partnerOidcEntCommand } from './partner-oidc-ent-command.js';
import { partnerOidcClientCommand } from './partner-oidc-client-command.js';
import { releasePreviewCommand } from './release-command.js';
import { resourceCommand } from './resource-command.js';
import { reportGenerateCommand } from './report-command.js';
import { serveCommand } from './serve-command.js';

type Handler = (args: readonly string[], io: CliIo) => Promise<number> | number;

const handlers: Readonly<Record<string, Handler>> = {
  serve: serveCommand,
  migrate: migrateCommand,
  'feed import': feedImportCommand,
  'report generate': reportGenerateCommand,
  'keys show': keysShowCommand,
  'keys rotate': keysRotateCommand,
  'feed generate': feedGenerateCommand,
  'config check': (args, io) => configCommand(['check', ...args], io),
  'config docs': (args, io) => configCommand(['docs', ...args], io),
  'partner add': (args, io) => partnerCommand(['add', ...args], io),
  'partner issue-cert': (args, io) => partnerCommand(['issue-cert', ...args], io),
  'partner list': (args, io) => partnerCommand(['list', ...args], io),
  'partner revoke-cert': (args, io) => partnerCommand(['revoke-cert', ...args], io),
  'partner metadata': partnerMetadataCommand,
  'partner oidc-ent': partnerOidcEntCommand,
  'partner oidc-client': partnerOidcClientCommand,
  'partner cas-service': casServiceCommand,
  'resource add': (args, io) => resourceCommand(['add', ...args], io),
  'resource import': (args, io) => resourceCommand(['import', ...args], io),
  'resource list': (args, io) => resourceCommand(['list', ...args], io),
  'assign add': (args, io) => assignCommand(['add', ...args], io),
  'assign list': (args, io) => assignCommand(['list', ...args], io),
  'assign revoke': (args, io) => assignCommand(['revoke', ...args], io),
  'assign reconcile': (args, io) => assignCommand(['reconcile', ...args], io),
  'release preview': releasePreviewCommand,
  'contract submit': (args, io) => contractCommand(['submit', ...args], io),
  'contract approve': (args, io) => contractCommand(['approve', ...args], io),
  'contract reject': (args, io) => contractCommand(['reject', ...args], io),
  'contract list': (args, io) => contractCommand(['list', ...args], io),
  'admin create': (args, io) => adminCommand(['create', ...args], io),
  'admin list': (args, io) => adminCommand(['list', ...args], io),
};

function version(): string {
  return (createRequire(import.meta.url)('../../package.json') as { version: string }).version;
}

/** Runs one command line; returns the exit code (2 for usage errors, 1 for refusals and failures). */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [first, second, ...rest] = argv;
  if (first === undefined || first === 'help' || first === '--help' || first === '-h') {
    io.stdout.write(renderHelp());
    return 0;
  }
  if (first === '--version') {
    io.stdout.write(`${version()}\n`);
    return 0;
  }
  const twoWord = second === undefined ? undefined : handlers[`${first} ${second}`];
  const handler = twoWord ?? handlers[first];
  const args = twoWord ? rest : argv.slice(1);
  try {
    if (!handler)
      throw fail('ERR_CLI_USAGE', `Commande inconnue : ${argv.slice(0, 2).join(' ')}. Voir gar-broker --help.`);
    return await handler(args, io);
  } catch (error) {
    if (!isBrokerError(error)) throw error;
    io.stderr.write(`gar-broker: ${error.message} [${error.code}]\n`);
    return error.code === 'ERR_CLI_USAGE' ? 2 : 1;
  }
}
