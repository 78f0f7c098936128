/**
 * A check that needs a program of the machine (openssl, unzip…) skips itself with a loud notice
 * on a newcomer's machine that lacks it; under CI (`CI=true`, where .ci/run installs it) it fails.
 */
import { spawnSync } from 'node:child_process';

export function toolAvailable(tool: string): boolean {
  return spawnSync(tool, ['-h'], { stdio: 'ignore' }).error === undefined;
}

export function skipWithoutTool(context: Mocha.Context, tool: string): void {
  if (toolAvailable(tool)) return;
  if (process.env['CI'] === 'true') throw new Error(`${tool} is required under CI (.ci/run installs it)`);
  process.stderr.write(`\n  !!! ${tool} is not installed: this check is SKIPPED (install it, or run .ci/run)\n`);
  context.skip();
}
