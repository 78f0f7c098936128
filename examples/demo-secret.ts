/**
 * The broker's pseudonym secret for the demo: IDO needs one (`pseudonyms.secret`), a newcomer
 * has none. Made once under `var/demo/` and reused, so a pupil keeps the same IDO from one
 * `npm start` to the next. Only for `serve --demo`, which production mode refuses.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const pseudonymSecretVariable = 'GAR_BROKER_PSEUDONYM_SECRET';

/** Sets the variable in `env` from `<dataDir>/pseudonym-secret.hex` (made when missing); returns the file. */
export function provideDemoPseudonymSecret(env: NodeJS.ProcessEnv, dataDir: string): string {
  const file = join(dataDir, 'pseudonym-secret.hex');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600 });
  }
  env[pseudonymSecretVariable] = readFileSync(file, 'utf8').trim();
  return file;
}
