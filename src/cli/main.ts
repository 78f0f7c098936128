import { runCli } from './run-cli.js';

/** Entry point of the `gar-broker` command. */
const code = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env });
process.exitCode = code;
