import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { fail } from '../core/fail.js';
import { configSchema } from './config-schema.js';
import type { BrokerConfig } from './config-types.js';
import { fillDerivedDefaults } from './derived-defaults.js';
import { environmentOverrides } from './environment-overrides.js';

// ajv-formats ships CommonJS; under nodenext its default export is the module object.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

export interface LoadConfigInput {
  /** Path of a JSON configuration file; absent means defaults plus environment. */
  readonly file?: string | undefined;
  readonly env?: NodeJS.ProcessEnv;
  /** Values that win over file and environment (command-line flags such as --port). */
  readonly overrides?: Record<string, unknown>;
}

const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: true, keywords: ['x-env'] });
addFormats(ajv);
const validate = ajv.compile(configSchema);

/**
 * Builds the configuration from defaults, then the file, then the environment, then explicit
 * overrides; validates it and freezes it. Any problem stops start-up with every error listed.
 */
export function loadConfig(input: LoadConfigInput = {}): BrokerConfig {
  const fromFile = input.file === undefined ? {} : readConfigFile(input.file);
  const problems: string[] = [];
  const fromEnv = environmentOverrides(configSchema, input.env ?? process.env, problems);
  const merged = deepMerge(deepMerge(fromFile, fromEnv), input.overrides ?? {});
  if (!validate(merged)) problems.push(...(validate.errors ?? []).map(describeError));
  if (problems.length > 0) {
    throw fail('ERR_CONFIG_INVALID', `Configuration invalide :\n- ${problems.join('\n- ')}`, problems.join('; '));
  }
  fillDerivedDefaults(merged);
  return deepFreeze(merged) as unknown as BrokerConfig;
}

function readConfigFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw fail('ERR_CONFIG_UNREADABLE', `Fichier de configuration illisible : ${file}`, String(error));
  }
  try {
    const value: unknown = JSON.parse(text);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('not an object');
    return value as Record<string, unknown>;
  } catch (error) {
    throw fail('ERR_CONFIG_UNREADABLE', `Le fichier de configuration n'est pas un objet JSON : ${file}`, String(error));
  }
}

function describeError(error: ErrorObject): string {
  const where = error.instancePath === '' ? '(racine)' : error.instancePath.slice(1).replaceAll('/', '.');
  if (error.keyword === 'additionalProperties') {
    return `${where}: clé inconnue « ${String(error.params['additionalProperty'])} »`;
  }
  return `${where}: ${error.message ?? error.keyword}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function deepMerge(base: Record<string, unknown>, extra: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    const current = out[key];
    out[key] = isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value;
  }
  return out;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
