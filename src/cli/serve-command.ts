import { createLogger } from '../core/logger.js';
import { startBroker } from '../main.js';
import { configFrom, parseCommandArgs, requireInteger, type CliIo } from './cli-context.js';

/** Starts the server and keeps running until SIGINT/SIGTERM. */
export async function serveCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(args, ['config', 'port']);
  const overrides = values.port === undefined ? undefined : { http: { port: requireInteger(values.port, 'port') } };
  const config = configFrom(io, values.config, overrides);
  const logger = createLogger({ level: config.log.level });
  const broker = await startBroker(config, logger);
  io.stdout.write(`gar-broker à l'écoute sur ${broker.url}\n`);
  for (const [name, url] of Object.entries(broker.urls)) io.stdout.write(`  ${name.padEnd(18)} ${url}\n`);
  await new Promise<void>((done) => {
    const stop = (): void => { void broker.close().then(done); };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}
