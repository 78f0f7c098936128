/** Writes the generated documents; `npm run docs`. A test fails when they are stale. */
import { writeFileSync } from 'node:fs';
import { renderConfigDocs } from '../src/config/index.js';
import { renderErrorDocs } from '../src/core/render-error-docs.js';

writeFileSync(new URL('../docs/configuration.md', import.meta.url), renderConfigDocs());
writeFileSync(new URL('../docs/errors.md', import.meta.url), renderErrorDocs());
process.stdout.write('docs/configuration.md and docs/errors.md written\n');
