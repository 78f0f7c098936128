/** A CliIo whose stdout and stderr are captured as text, for command-line tests. */
import { PassThrough } from 'node:stream';
import type { CliIo } from '../../src/cli/cli-context.js';

export function captureCliIo(env: NodeJS.ProcessEnv = {}): { readonly io: CliIo; stdout(): string; stderr(): string } {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (c) => {
    stdout += String(c);
  });
  err.on('data', (c) => {
    stderr += String(c);
  });
  return {
    io: { stdout: out as unknown as NodeJS.WriteStream, stderr: err as unknown as NodeJS.WriteStream, env },
    stdout: () => stdout,
    stderr: () => stderr,
  };
}
