import { userInfo } from 'node:os';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { fail } from '../core/fail.js';
import { loadConfig, type BrokerConfig } from '../config/index.js';
import { createLogger, type Logger } from '../core/logger.js';

export interface CliIo {
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
  readonly env: NodeJS.ProcessEnv;
}

export interface ParsedArgs<K extends string> {
  readonly values: Readonly<Partial<Record<K, string>>>;
  readonly positionals: readonly string[];
}

/** Parses a subcommand's `--name value` flags strictly: an unknown flag is a usage error, not ignored. */
export function parseCommandArgs<K extends string>(args: readonly string[], names: readonly K[]): ParsedArgs<K> {
  const options = Object.fromEntries(names.map((n) => [n, { type: 'string' as const }]));
  try {
    const parsed = parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
    return { values: parsed.values as Partial<Record<K, string>>, positionals: parsed.positionals };
  } catch (error) {
    throw fail('ERR_CLI_USAGE', `Arguments invalides : ${(error as Error).message}`);
  }
}

type FlagOptions = NonNullable<ParseArgsConfig['options']>;

/**
 * Parses a subcommand's flags (string or boolean, as `options` says) strictly and without
 * positionals: an unknown flag or a stray argument is a usage error that shows `usage`.
 */
export function parseStrictFlags<F>(args: readonly string[], options: FlagOptions, usage: string): F {
  try {
    const { values, positionals } = parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
    if (positionals.length > 0) throw new Error(`argument inattendu : ${positionals.join(' ')}`);
    return values as F;
  } catch (error) {
    throw fail('ERR_CLI_USAGE', `Arguments invalides : ${(error as Error).message}\n${usage}`);
  }
}

/** The options of `parseStrictFlags` for these names: `boolean` ones are switches, the others take a value. */
export function flagOptions(names: readonly string[], booleans: readonly string[] = []): FlagOptions {
  return Object.fromEntries(
    names.map((n) => [n, { type: booleans.includes(n) ? ('boolean' as const) : ('string' as const) }]),
  );
}

export function configFrom(io: CliIo, file: string | undefined, overrides?: Record<string, unknown>): BrokerConfig {
  return loadConfig({ file: file ?? io.env['GAR_BROKER_CONFIG'], env: io.env, ...(overrides ? { overrides } : {}) });
}

/** Logs go to stderr for one-shot commands, so that stdout carries only the command's answer. */
export function commandLogger(config: BrokerConfig, io: CliIo): Logger {
  return createLogger({ level: config.log.level, destination: io.stderr });
}

export function requireInteger(value: string | undefined, name: string, min = 0): number {
  const n = Number(value);
  if (value === undefined || !Number.isInteger(n) || n < min)
    throw fail('ERR_CLI_USAGE', `--${name} attend un entier ≥ ${min}`);
  return n;
}

/**
 * Who ran a command, for the audit trail: `--by NAME`, else the OS user (some containers run as a uid
 * without a name).
 */
export function cliActor(by?: string): string {
  if (by !== undefined) return `cli:${by}`;
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli';
  }
}
