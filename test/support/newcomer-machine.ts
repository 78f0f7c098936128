/**
 * A newcomer's machine for a guide's test: `gar-broker` on the PATH as `npm link` puts it (this
 * checkout's bin/gar-broker.mjs), none of the broker's settings a developer may have exported,
 * free ports, and a way to tell whether a process the guide started is still running.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

/** The environment of a shell with `gar-broker` in `binDir` (made here) and no broker setting. */
export function newcomerEnvironment(binDir: string): NodeJS.ProcessEnv {
  mkdirSync(binDir, { recursive: true });
  const command = join(binDir, 'gar-broker');
  writeFileSync(command, `#!/bin/sh\nexec "${process.execPath}" "${resolve('bin/gar-broker.mjs')}" "$@"\n`);
  chmodSync(command, 0o755);
  const settings = ['DATABASE_URL', 'PORT', 'LOG_LEVEL', 'NODE_ENV'];
  const kept = Object.entries(process.env).filter(([k]) => !k.startsWith('GAR_BROKER_') && !settings.includes(k));
  return { ...Object.fromEntries(kept), PATH: `${binDir}:${process.env['PATH'] ?? ''}` };
}

/** A TCP port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((done, failed) => {
    const server = createServer();
    server.once('error', failed);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
