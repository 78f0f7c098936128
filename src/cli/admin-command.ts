/**
 * `gar-broker admin create --login <login> [--totp]` and `admin list`: the operator's local
 * accounts for the console. Licence managers never get one: they log in through their ENT.
 *
 * The password is read from `GAR_BROKER_ADMIN_PASSWORD` or, when unset, from one line of standard
 * input, never from an argument (arguments show in `ps` and in shell histories). Only its scrypt
 * hash is stored; it is never printed nor logged.
 */
import type { OperatorAccountStore } from '../console/index.js';
import { systemClock } from '../core/clock.js';
import { newCorrelationId } from '../core/correlation-id.js';
import { fail } from '../core/fail.js';
import { openMigratedStore, createOperatorAccountStore } from '../store/index.js';
import { hashPassword, newTotpSecret, totpUri } from '../trust/index.js';
import { cliActor, commandLogger, configFrom, type CliIo, flagOptions, parseStrictFlags } from './cli-context.js';
import { readSecretLine, type SecretInputIo } from './read-secret-line.js';
import { definedFields } from '../core/defined-fields.js';

/** A CliIo that may name the standard input to read the password from (tests); else the process's. */
export type AdminIo = SecretInputIo;

const usage = [
  'Usage :',
  '  gar-broker admin create --login <identifiant> [--totp] [--by NOM]',
  '  gar-broker admin list',
  'avec [--config FICHIER]. Le mot de passe vient de GAR_BROKER_ADMIN_PASSWORD ou d’une ligne de l’entrée standard.',
].join('\n');

const passwordVariable = 'GAR_BROKER_ADMIN_PASSWORD';
const minPasswordLength = 12;
// The login form keeps 256 characters of a password and 64 of a login: longer ones could never log in.
const maxPasswordLength = 256;
const loginPattern = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;
const totpIssuer = 'gar-broker';

type Flags = { readonly config?: string; readonly login?: string; readonly totp?: boolean; readonly by?: string };

export async function adminCommand(args: readonly string[], io: AdminIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'create') return createCommand(parseFlags(rest, ['login', 'totp', 'by']), io);
  if (sub === 'list') return listCommand(parseFlags(rest, []), io);
  throw fail('ERR_CLI_USAGE', usage);
}

function parseFlags(args: readonly string[], names: readonly (keyof Flags)[]): Flags {
  return parseStrictFlags<Flags>(args, flagOptions(['config', ...names], ['totp']), usage);
}

async function withAccounts(
  io: CliIo,
  flags: Flags,
  work: (accounts: OperatorAccountStore) => Promise<number>,
): Promise<number> {
  const config = configFrom(io, flags.config);
  const store = await openMigratedStore(config, commandLogger(config, io));
  try {
    return await work(createOperatorAccountStore(store));
  } finally {
    await store.close();
  }
}

async function createCommand(flags: Flags, io: AdminIo): Promise<number> {
  const login = flags.login;
  if (login === undefined || !loginPattern.test(login)) {
    throw fail('ERR_CLI_USAGE', `--login : lettres, chiffres, « . », « _ », « @ », « - » (64 au plus)\n${usage}`);
  }
  return withAccounts(io, flags, async (accounts) => {
    // Checked before the password is asked for; createAccount's own answer covers a concurrent creation.
    if ((await accounts.findAccount(login)) !== undefined) throw exists(login);
    const passwordHash = await hashPassword(checkedPassword(await readPassword(io)));
    const totpSecret = flags.totp === true ? newTotpSecret() : undefined;
    const audit = { actor: cliActor(flags.by), at: systemClock.now(), correlationId: newCorrelationId() };
    const outcome = await accounts.createAccount({ login, passwordHash, ...definedFields({ totpSecret }) }, audit);
    if (outcome === 'exists') throw exists(login);
    io.stdout.write(`Compte opérateur « ${login} » créé.\n`);
    if (totpSecret !== undefined) {
      io.stdout.write(
        'Code à usage unique (TOTP) : enrôlez ce secret maintenant dans votre '
          + 'application d’authentification ; il ne sera plus jamais affiché.\n'
          + `URI : ${totpUri(totpSecret, login, totpIssuer)}\nSecret : ${totpSecret}\n`,
      );
    }
    return 0;
  });
}

function exists(login: string) {
  return fail('ERR_CONSOLE_OPERATOR_EXISTS', `Le compte opérateur « ${login} » existe déjà ; rien n’a été changé.`);
}

function checkedPassword(password: string): string {
  const length = [...password].length;
  if (length < minPasswordLength || length > maxPasswordLength) {
    throw fail(
      'ERR_CONSOLE_PASSWORD_LENGTH',
      `Le mot de passe doit compter de ${minPasswordLength} à ${maxPasswordLength} caractères ; rien n’a été changé.`,
    );
  }
  return password;
}

async function readPassword(io: AdminIo): Promise<string> {
  const line = await readSecretLine(io, passwordVariable, 'Mot de passe (il ne s’affiche pas) : ');
  if (line === undefined)
    throw fail(
      'ERR_CLI_USAGE',
      `Aucun mot de passe : définissez ${passwordVariable} ou donnez-le sur une ligne de l’entrée standard.`,
    );
  return line;
}

async function listCommand(flags: Flags, io: CliIo): Promise<number> {
  return withAccounts(io, flags, async (accounts) => {
    const listed = await accounts.listAccounts();
    if (listed.length === 0) {
      io.stdout.write('Aucun compte opérateur. Créez-en un : gar-broker admin create --login <identifiant> --totp\n');
      return 0;
    }
    // listAccounts leaves secrets out; whether one is enrolled is read account by account (a handful of operators).
    const now = systemClock.now().getTime();
    const rows = await Promise.all(
      listed.map(async (a) => [
        a.login,
        (await accounts.findAccount(a.login))?.totpSecret === undefined ? 'non' : 'oui',
        a.lockedUntil !== undefined && Date.parse(a.lockedUntil) > now ? a.lockedUntil : '—',
        a.disabled ? 'oui' : 'non',
      ]),
    );
    io.stdout.write(renderTable(['identifiant', 'TOTP', 'bloqué jusqu’à', 'désactivé'], rows));
    return 0;
  });
}

function renderTable(header: readonly string[], body: readonly (readonly string[])[]): string {
  const rows = [header, ...body];
  const widths = header.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return `${rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')}\n`;
}
