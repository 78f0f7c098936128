// Entry of a delivery-reading worker thread. Compiled (dist/, npm run build), the worker's JavaScript is
// beside this file; from the TypeScript sources it is not, and workers do not inherit the parent's
// TypeScript loader, so register it here first.
import { existsSync } from 'node:fs';

const compiled = new URL('./delivery-worker.js', import.meta.url);
if (existsSync(compiled)) {
  await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./delivery-worker.ts');
}
