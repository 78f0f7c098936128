/**
 * `gar-broker partner oidc-client add | list | remove`: publishers' OIDC clients, each
 * registered for one technical distributor. A client authenticates with a secret (from the
 * variable named by `--client-secret-env`, one line of standard input, or `--generate-secret`,
 * printed once) or with `private_key_jwt` and the public keys of `--jwks`. Secrets are never an
 * argument, never listed, never logged. `--backchannel-logout-uri` registers where the client
 * receives its logout tokens (OpenID Connect Back-Channel Logout 1.0, with `sid`).
 */
import { randomBytes } from 'node:crypto';
import { systemClock } from '../core/clock.js';
import { fail } from '../core/fail.js';
import {
  createOidcClientValidator,
  registerOidcClient,
  type OidcClientRecord,
  type OidcClientRegistration,
  type OidcClientStore,
} from '../federation/index.js';
import { openMigratedStore, createOidcClientStore } from '../store/index.js';
import { loadOrCreateKeyring, signingJwks } from '../trust/index.js';
import type { BrokerConfig } from '../config/index.js';
import { cliActor, commandLogger, configFrom, type CliIo, parseStrictFlags } from './cli-context.js';
import { readBoundedFile } from './read-bounded-file.js';
import { readSecretLine, type SecretInputIo } from './read-secret-line.js';

const usage = [
  'Usage :',
  '  gar-broker partner oidc-client add --client-id <id> --distributor <SIREN_16chiffres> '
    + '--redirect-uri <https://…> [--redirect-uri …]',
  '      (--auth secret|secret-post [--client-secret-env VARIABLE | --generate-secret] '
    + '| --auth private_key_jwt --jwks <fichier.json>) [--by NOM]',
  '      [--backchannel-logout-uri <https://…>] (reçoit un logout token quand la session du courtier finit)',
  '  gar-broker partner oidc-client list',
  '  gar-broker partner oidc-client remove --client-id <id> [--by NOM]',
  'avec [--config FICHIER]. '
    + 'Sans --client-secret-env ni --generate-secret, le secret est lu sur une ligne de l’entrée standard.',
].join('\n');

const authMethods = {
  secret: 'client_secret_basic',
  'secret-post': 'client_secret_post',
  private_key_jwt: 'private_key_jwt',
} as const;
const maxJwksBytes = 64 * 1024;

interface Flags {
  readonly config?: string;
  readonly 'client-id'?: string;
  readonly distributor?: string;
  readonly 'redirect-uri'?: string[];
  readonly auth?: string;
  readonly 'client-secret-env'?: string;
  readonly 'generate-secret'?: boolean;
  readonly jwks?: string;
  readonly by?: string;
  readonly 'backchannel-logout-uri'?: string;
}

export async function partnerOidcClientCommand(args: readonly string[], io: SecretInputIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'add') return addCommand(parseFlags(rest), io);
  if (sub === 'list') return listCommand(parseFlags(rest), io);
  if (sub === 'remove') return removeCommand(parseFlags(rest), io);
  throw fail('ERR_CLI_USAGE', usage);
}

function parseFlags(args: readonly string[]): Flags {
  return parseStrictFlags<Flags>(
    args,
    {
      config: { type: 'string' },
      'client-id': { type: 'string' },
      distributor: { type: 'string' },
      'redirect-uri': { type: 'string', multiple: true },
      auth: { type: 'string' },
      'client-secret-env': { type: 'string' },
      'generate-secret': { type: 'boolean' },
      jwks: { type: 'string' },
      by: { type: 'string' },
      'backchannel-logout-uri': { type: 'string' },
    },
    usage,
  );
}

async function withClients(
  io: CliIo,
  flags: Flags,
  work: (clients: OidcClientStore, config: BrokerConfig) => Promise<number>,
): Promise<number> {
  const config = configFrom(io, flags.config);
  const store = await openMigratedStore(config, commandLogger(config, io));
  try {
    return await work(createOidcClientStore(store), config);
  } finally {
    await store.close();
  }
}

async function addCommand(flags: Flags, io: SecretInputIo): Promise<number> {
  const clientId = flags['client-id'];
  const method = flags.auth === undefined ? undefined : authMethods[flags.auth as keyof typeof authMethods];
  if (
    clientId === undefined
    || flags.distributor === undefined
    || flags['redirect-uri'] === undefined
    || method === undefined
  )
    throw fail('ERR_CLI_USAGE', usage);
  const generated = flags['generate-secret'] === true ? randomBytes(32).toString('base64url') : undefined;
  const auth =
    method === 'private_key_jwt'
      ? { method, jwks: readJwks(flags.jwks) }
      : { method, secret: generated ?? (await secretOf(flags, io)) };
  const logoutUri = flags['backchannel-logout-uri'];
  const registration: OidcClientRegistration = {
    clientId,
    distributorId: flags.distributor,
    redirectUris: flags['redirect-uri'],
    auth,
    ...(logoutUri === undefined ? {} : { backchannelLogout: { uri: logoutUri } }),
  };
  return withClients(io, flags, async (clients, config) => {
    const now = systemClock.now();
    const validate = createOidcClientValidator(signingJwks(loadOrCreateKeyring(config.saml.keysDir, now), now));
    const { outcome } = await registerOidcClient(registration, {
      store: clients,
      validate,
      actor: cliActor(flags.by),
      now,
    });
    io.stdout.write(`${outcomeLabel[outcome]} : ${clientId} (distributeur ${flags.distributor}, ${method}).\n`);
    if (generated !== undefined) {
      io.stdout.write(
        `Secret client (affiché une seule fois, à transmettre à l’éditeur par un canal sûr) : ${generated}\n`,
      );
    }
    return 0;
  });
}

async function secretOf(flags: Flags, io: SecretInputIo): Promise<string> {
  const variable = flags['client-secret-env'];
  const secret = await readSecretLine(io, variable, 'Secret client (il ne s’affiche pas) : ');
  if (secret === undefined || secret === '') {
    throw fail(
      'ERR_CLI_USAGE',
      variable === undefined
        ? `Aucun secret sur l’entrée standard.\n${usage}`
        : `La variable ${variable} n’est pas définie.`,
    );
  }
  return secret;
}

function readJwks(file: string | undefined): unknown {
  if (file === undefined)
    throw fail('ERR_CLI_USAGE', `--jwks <fichier.json> est requis avec --auth private_key_jwt\n${usage}`);
  const text = readBoundedFile(file, maxJwksBytes, {
    unreadable: 'ERR_OIDC_CLIENT_INPUT',
    tooLarge: 'ERR_OIDC_CLIENT_INPUT',
    what: 'Fichier JWKS',
  });
  try {
    return JSON.parse(text);
  } catch {
    throw fail('ERR_OIDC_CLIENT_INPUT', `Fichier JWKS illisible (JSON attendu) : ${file}`);
  }
}

async function listCommand(flags: Flags, io: CliIo): Promise<number> {
  return withClients(io, flags, async (clients) => {
    const listed = await clients.list();
    io.stdout.write(listed.length === 0 ? 'Aucun client OIDC enregistré.\n' : renderTable(listed));
    return 0;
  });
}

async function removeCommand(flags: Flags, io: CliIo): Promise<number> {
  const clientId = flags['client-id'];
  if (clientId === undefined) throw fail('ERR_CLI_USAGE', usage);
  return withClients(io, flags, async (clients) => {
    if (!(await clients.remove(clientId, cliActor(flags.by), systemClock.now())))
      throw fail('ERR_OIDC_CLIENT_UNKNOWN', `Aucun client OIDC ${clientId}.`);
    io.stdout.write(`Client OIDC retiré : ${clientId}.\n`);
    return 0;
  });
}

const outcomeLabel = {
  added: 'Client OIDC ajouté',
  changed: 'Client OIDC mis à jour',
  unchanged: 'Client OIDC inchangé',
} as const;

/** Never the secret: the method says whether there is one. */
function renderTable(records: readonly OidcClientRecord[]): string {
  const header = ['client_id', 'distributeur', 'authentification', 'redirect_uris', 'backchannel_logout_uri'];
  const rows = [
    header,
    ...records.map((r) => [
      r.clientId,
      r.distributorId,
      String(r.metadata['token_endpoint_auth_method'] ?? ''),
      ((r.metadata['redirect_uris'] ?? []) as string[]).join(' '),
      typeof r.metadata['backchannel_logout_uri'] === 'string' ? r.metadata['backchannel_logout_uri'] : '-',
    ]),
  ];
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
