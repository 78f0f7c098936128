import { createRequire } from 'node:module';
import { isBrokerError } from '../core/broker-error.js';
import { fail } from '../core/fail.js';
import type { CliIo } from './cli-context.js';
import { renderHelp } from './commands.js';
import { takeDataDirFlag } from './data-dir-flag.js';

type Handler = (args: readonly string[], io: CliIo) => Promise<number> | number;

// Each command's module is imported when that command runs, never before: `--help` and `--version` load
// only this file and the help table, and a command loads its own module's imports, not every command's
// (`serve`'s: the whole server). test/cli/lazy-commands.test.ts checks it. Keep these imports dynamic.
const admin = () => import('./admin-command.js');
const assign = () => import('./assign-command.js');
const config = () => import('./config-command.js');
const contract = () => import('./contract-command.js');
const keys = () => import('./keys-command.js');
const partner = () => import('./partner-command.js');
const resource = () => import('./resource-command.js');

const handlers: Readonly<Record<string, Handler>> = {
  serve: async (args, io) => (await import('./serve-command.js')).serveCommand(args, io),
  migrate: async (args, io) => (await import('./migrate-command.js')).migrateCommand(args, io),
  'feed import': async (args, io) => (await import('./feed-import-command.js')).feedImportCommand(args, io),
  'report generate': async (args, io) => (await import('./report-command.js')).reportGenerateCommand(args, io),
  'keys show': async (args, io) => (await keys()).keysShowCommand(args, io),
  'keys rotate': async (args, io) => (await keys()).keysRotateCommand(args, io),
  'feed generate': async (args, io) => (await import('./feed-generate-command.js')).feedGenerateCommand(args, io),
  'config check': async (args, io) => (await config()).configCommand(['check', ...args], io),
  'config docs': async (args, io) => (await config()).configCommand(['docs', ...args], io),
  'partner add': async (args, io) => (await partner()).partnerCommand(['add', ...args], io),
  'partner issue-cert': async (args, io) => (await partner()).partnerCommand(['issue-cert', ...args], io),
  'partner list': async (args, io) => (await partner()).partnerCommand(['list', ...args], io),
  'partner revoke-cert': async (args, io) => (await partner()).partnerCommand(['revoke-cert', ...args], io),
  'partner metadata': async (args, io) =>
    (await import('./partner-metadata-command.js')).partnerMetadataCommand(args, io),
  'partner oidc-ent': async (args, io) =>
    (await import('./partner-oidc-ent-command.js')).partnerOidcEntCommand(args, io),
  'partner oidc-client': async (args, io) =>
    (await import('./partner-oidc-client-command.js')).partnerOidcClientCommand(args, io),
  'partner cas-service': async (args, io) => (await import('./cas-service-command.js')).casServiceCommand(args, io),
  'resource add': async (args, io) => (await resource()).resourceCommand(['add', ...args], io),
  'resource import': async (args, io) => (await resource()).resourceCommand(['import', ...args], io),
  'resource list': async (args, io) => (await resource()).resourceCommand(['list', ...args], io),
  // One entry for the group: `subscription` alone or with an unknown subcommand shows its usage.
  subscription: async (args, io) => (await import('./subscription-command.js')).subscriptionCommand(args, io),
  'assign add': async (args, io) => (await assign()).assignCommand(['add', ...args], io),
  'assign list': async (args, io) => (await assign()).assignCommand(['list', ...args], io),
  'assign revoke': async (args, io) => (await assign()).assignCommand(['revoke', ...args], io),
  'assign reconcile': async (args, io) => (await assign()).assignCommand(['reconcile', ...args], io),
  'release preview': async (args, io) => (await import('./release-command.js')).releasePreviewCommand(args, io),
  'contract submit': async (args, io) => (await contract()).contractCommand(['submit', ...args], io),
  'contract approve': async (args, io) => (await contract()).contractCommand(['approve', ...args], io),
  'contract reject': async (args, io) => (await contract()).contractCommand(['reject', ...args], io),
  'contract list': async (args, io) => (await contract()).contractCommand(['list', ...args], io),
  'admin create': async (args, io) => (await admin()).adminCommand(['create', ...args], io),
  'admin list': async (args, io) => (await admin()).adminCommand(['list', ...args], io),
};

/** package.json is two folders above src/cli/run-cli.ts, three above the compiled dist/src/cli/run-cli.js. */
function version(): string {
  const up = import.meta.url.endsWith('.ts') ? '../../' : '../../../';
  return (createRequire(import.meta.url)(`${up}package.json`) as { version: string }).version;
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
    const flagged = takeDataDirFlag(args, io);
    return await handler(flagged.args, flagged.io);
  } catch (error) {
    if (!isBrokerError(error)) throw error;
    io.stderr.write(`gar-broker: ${error.message} [${error.code}]\n`);
    return error.code === 'ERR_CLI_USAGE' ? 2 : 1;
  }
}
