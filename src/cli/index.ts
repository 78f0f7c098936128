/** The `gar-broker` command line: one subcommand per operator task. */
export { runCli } from './run-cli.js';
