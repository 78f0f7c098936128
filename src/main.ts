import { runCli } from './cli/index.js';

/** Entry point of the `gar-broker` command: runs the CLI (`serve` starts the composed broker). */
// A reader that goes away (`| head`) is not an error of ours.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
});
const code = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env });
process.exitCode = code;
