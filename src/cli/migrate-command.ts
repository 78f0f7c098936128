import { openMigratedStore } from '../store/index.js';
import { commandLogger, configFrom, parseCommandArgs, type CliIo } from './cli-context.js';

export async function migrateCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(args, ['config']);
  const config = configFrom(io, values.config);
  const store = await openMigratedStore(config, commandLogger(config, io));
  await store.close();
  io.stdout.write('Base de données à jour.\n');
  return 0;
}
