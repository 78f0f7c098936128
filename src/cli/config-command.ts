import { renderConfigDocs } from '../config/index.js';
import { fail } from '../core/fail.js';
import { configFrom, parseCommandArgs, type CliIo } from './cli-context.js';

/** `config check` prints the effective configuration with the database password and the pseudonym secret hidden. */
export function configCommand(args: readonly string[], io: CliIo): number {
  const [sub, ...rest] = args;
  if (sub === 'docs') {
    io.stdout.write(renderConfigDocs());
    return 0;
  }
  if (sub !== 'check') throw fail('ERR_CLI_USAGE', 'Usage : gar-broker config check|docs');
  const { values } = parseCommandArgs(rest, ['config']);
  const config = configFrom(io, values.config);
  const shown = {
    ...config,
    database: { ...config.database, url: config.database.url.replace(/\/\/([^:@/]+):[^@]*@/, '//$1:***@') },
    pseudonyms: { ...config.pseudonyms, ...(config.pseudonyms.secret === undefined ? {} : { secret: '***' }) },
  };
  io.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
  return 0;
}
