/**
 * A secret for a command (a password, a client secret): from an environment variable, else the
 * first line of standard input, never from an argument (arguments show in `ps` and in shell
 * histories). On a terminal the line is not echoed.
 */
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import type { CliIo } from './cli-context.js';

/** A CliIo that may name the standard input to read a secret from (tests); else the process's. */
export interface SecretInputIo extends CliIo {
  readonly stdin?: NodeJS.ReadableStream & { readonly isTTY?: boolean };
}

/** The variable's value, else the first line of standard input; undefined when neither gives one. */
export async function readSecretLine(
  io: SecretInputIo,
  variable: string | undefined,
  prompt: string,
): Promise<string | undefined> {
  const fromEnv = variable === undefined ? undefined : io.env[variable];
  if (fromEnv !== undefined) return fromEnv;
  const input = io.stdin ?? process.stdin;
  const terminal = input.isTTY === true;
  if (terminal) io.stderr.write(prompt);
  // On a terminal, readline echoes into this sink: the secret never shows on screen.
  const silent = new Writable({
    write: (_chunk, _encoding, done) => {
      done();
    },
  });
  const lines = createInterface({ input, output: silent, terminal });
  const line = await new Promise<string | undefined>((resolve) => {
    lines.once('line', resolve);
    lines.once('close', () => {
      resolve(undefined);
    });
    lines.once('SIGINT', () => {
      lines.close();
    });
  });
  lines.close();
  if (terminal) io.stderr.write('\n');
  return line;
}
