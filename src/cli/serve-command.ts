import { createLogger } from '../core/logger.js';
import { startBroker } from '../compose/index.js';
import { configFrom, parseCommandArgs, requireInteger, type CliIo } from './cli-context.js';
import { takeDataDirFlag } from './data-dir-flag.js';
import { demoDataDir, loadDemoFederation } from './demo-federation-loader.js';

/**
 * Starts the server (with `--demo`, the demo federation beside it) and keeps running until SIGINT/SIGTERM.
 * `serve --data-dir DIR --port 0`: a throwaway instance, every file it writes under DIR, free ports.
 */
export async function serveCommand(argv: readonly string[], cliIo: CliIo): Promise<number> {
  const { args, io } = takeDataDirFlag(argv, cliIo);
  const withDemo = args.includes('--demo');
  const { values } = parseCommandArgs(
    args.filter((a) => a !== '--demo'),
    ['config', 'port'],
  );
  const overrides = values.port === undefined ? undefined : { http: { port: requireInteger(values.port, 'port') } };
  const demo = withDemo ? await loadDemoFederation(io.env) : undefined;
  let config = configFrom(io, values.config, overrides);
  // IDO needs the pseudonym secret: the demo makes one under <dataDir>/demo/ when none is configured.
  if (demo !== undefined && config.pseudonyms.secret === undefined) {
    demo.provideDemoPseudonymSecret(io.env, demoDataDir(config));
    config = configFrom(io, values.config, overrides);
  }
  const logger = createLogger({ level: config.log.level });
  const broker = await startBroker(config, logger);
  const federation =
    demo === undefined
      ? undefined
      : await demo
          .startDemoFederation({
            brokerUrl: broker.url,
            store: broker.store,
            config,
            logger,
            dataDir: demoDataDir(config),
          })
          .catch(async (error: unknown) => {
            await broker.close();
            throw error;
          });
  io.stdout.write(`gar-broker à l'écoute sur ${broker.url}\n`);
  for (const [name, url] of Object.entries({ ...broker.urls, ...federation?.urls }))
    io.stdout.write(`  ${name.padEnd(18)} ${url}\n`);
  if (federation !== undefined)
    io.stdout.write(
      `\n  ➜ Démo : ouvrez ${federation.startUrl} , choisissez un élève, puis ouvrez une ressource du médiacentre.\n\n`,
    );
  await new Promise<void>((done) => {
    const stop = (): void => {
      void (federation?.close() ?? Promise.resolve()).then(() => broker.close()).then(done);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}
