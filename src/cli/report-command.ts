import { systemClock } from '../core/clock.js';
import { openMigratedStore, createAssignmentReportStore } from '../store/index.js';
import { generateAssignmentReports } from '../subscriptions/index.js';
import { commandLogger, configFrom, parseCommandArgs, type CliIo } from './cli-context.js';

/** `report generate`: makes every distributor's assignment report now (the server does it daily). */
export async function reportGenerateCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(args, ['config']);
  const config = configFrom(io, values.config);
  const store = await openMigratedStore(config, commandLogger(config, io));
  try {
    const made = await generateAssignmentReports(createAssignmentReportStore(store), systemClock.now());
    for (const report of made) io.stdout.write(`${report.distributorId}  ${report.name}  ${report.size} octets\n`);
    io.stdout.write(`Rapports d'affectation : ${made.length} produit(s).\n`);
    return 0;
  } finally {
    await store.close();
  }
}
