import { resolve } from 'node:path';
import { systemClock } from '../core/clock.js';
import { fail } from '../core/fail.js';
import {
  activeKey,
  loadOrCreateKeyring,
  publishedKeys,
  rotateBrokerKey,
  type BrokerKeyring,
  type KeyUse,
} from '../trust/index.js';
import { configFrom, parseCommandArgs, requireInteger, type CliIo } from './cli-context.js';

/** `keys show`: the broker's SAML keys (ids, dates, which is used, which is published); never key material. */
export function keysShowCommand(args: readonly string[], io: CliIo): number {
  const { values } = parseCommandArgs(args, ['config']);
  const config = configFrom(io, values.config);
  io.stdout.write(describe(loadOrCreateKeyring(resolve(config.saml.keysDir), systemClock.now())));
  return 0;
}

/** `keys rotate`: adds the next key, published now, used after the overlap. */
export function keysRotateCommand(args: readonly string[], io: CliIo): number {
  const { values } = parseCommandArgs(args, ['config', 'use', 'overlap-days']);
  const config = configFrom(io, values.config);
  const use = values.use ?? 'signing';
  if (use !== 'signing' && use !== 'encryption') throw fail('ERR_CLI_USAGE', '--use attend signing ou encryption');
  const overlap =
    values['overlap-days'] === undefined
      ? config.saml.keyRotationOverlapDays
      : requireInteger(values['overlap-days'], 'overlap-days');
  const dir = resolve(config.saml.keysDir);
  const now = systemClock.now();
  loadOrCreateKeyring(dir, now);
  const keyring = rotateBrokerKey(dir, use as KeyUse, overlap, now);
  io.stdout.write(
    `Nouvelle clé ${use === 'signing' ? 'de signature' : 'de chiffrement'} publiée ; `
      + `utilisée à partir du ${new Date(now.getTime() + overlap * 86_400_000).toISOString()}.\n`,
  );
  io.stdout.write(describe(keyring));
  return 0;
}

function describe(keyring: BrokerKeyring): string {
  const now = systemClock.now();
  const lines = ['usage       id                créée le                  utilisée à partir du      état'];
  for (const use of ['signing', 'encryption'] as const) {
    const active = activeKey(keyring, use, now).id;
    const published = new Set(publishedKeys(keyring, use, now).map((k) => k.id));
    for (const key of keyring.keys.filter((k) => k.use === use)) {
      const state = key.id === active ? 'utilisée, publiée' : published.has(key.id) ? 'publiée, à venir' : 'retirée';
      lines.push(
        `${use.padEnd(11)} ${key.id}  ${key.createdAt.toISOString()}  ${key.activatesAt.toISOString()}  ${state}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
