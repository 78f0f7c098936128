#!/usr/bin/env node
// Runs the compiled JavaScript of dist/ (npm run build, also run by npm ci) while it is up to date with the
// sources (bin/dist-stamp.mjs); otherwise, or with GAR_BROKER_FROM_SOURCE=1, the TypeScript sources through
// tsx's loader: an edited tree runs as written without a build step, only slower to start.
import { distIsFresh } from './dist-stamp.mjs';

if (process.env.GAR_BROKER_FROM_SOURCE !== '1' && distIsFresh(new URL('../', import.meta.url))) {
  await import('../dist/src/main.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/main.ts');
}
