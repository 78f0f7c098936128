// Loaded with `node --import`: appends the URL of every module the process resolves, one a line, to the
// file named by RECORD_MODULES_TO. The resolve hook runs in the loaders' thread and sees the resolutions
// of every loader registered after it (tsx's included), so it records what was found, not what was tried.
import { appendFileSync } from 'node:fs';
import { register } from 'node:module';
import { isMainThread } from 'node:worker_threads';

if (isMainThread) register(import.meta.url);

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  const target = process.env['RECORD_MODULES_TO'];
  if (target) appendFileSync(target, `${resolved.url}\n`);
  return resolved;
}
