/**
 * `--data-dir DIR`: the data folder of the command being run, exactly as GAR_BROKER_DATA_DIR
 * (the configuration's `dataDir`) for that command, so it wins over the environment and the file.
 * Taken out of the arguments before the command parses its own flags: every command that reads
 * the configuration accepts it without a line of its own. Imports nothing heavy: the dispatcher
 * runs it before loading any command.
 */
import { fail } from '../core/fail.js';
import type { CliIo } from './cli-context.js';

/** The `x-env` of `dataDir` in config-schema.ts (a test reads the folder back through the configuration). */
const dataDirVariable = 'GAR_BROKER_DATA_DIR';

export function takeDataDirFlag(args: readonly string[], io: CliIo): { args: readonly string[]; io: CliIo } {
  const rest: string[] = [];
  let dataDir: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--') {
      rest.push(...args.slice(i));
      break;
    }
    if (arg !== '--data-dir' && !arg.startsWith('--data-dir=')) {
      rest.push(arg);
      continue;
    }
    const value = arg === '--data-dir' ? args[++i] : arg.slice('--data-dir='.length);
    if (value === undefined || value === '' || (arg === '--data-dir' && value.startsWith('-')))
      throw fail('ERR_CLI_USAGE', 'Arguments invalides : --data-dir attend un dossier (--data-dir DOSSIER)');
    dataDir = value;
  }
  if (dataDir === undefined) return { args, io };
  return { args: rest, io: { ...io, env: { ...io.env, [dataDirVariable]: dataDir } } };
}
