/**
 * `gar-broker partner oidc-ent add | list | remove`: the ENT projects whose identity provider is an
 * OpenID Provider. The broker is a confidential client there; its client secret comes
 * from the variable named by `--client-secret-env` or one line of standard input, never from an
 * argument, and is never printed. An ENT project with such a registration logs in through OIDC.
 */
import { systemClock } from '../core/clock.js';
import { fail } from '../core/fail.js';
import { entIdPattern } from '../core/identifier-forms.js';
import type { Logger } from '../core/logger.js';
import { isAcceptableIdTokenAlgorithm, type OidcEntRegistration, type OidcEntRegistry } from '../idp-bridge/index.js';
import { openMigratedStore, createOidcEntRegistry } from '../store/index.js';
import { cliActor, commandLogger, configFrom, type CliIo, flagOptions, parseStrictFlags } from './cli-context.js';
import { readSecretLine, type SecretInputIo } from './read-secret-line.js';
import { definedFields } from '../core/defined-fields.js';

const usage = [
  'Usage :',
  '  gar-broker partner oidc-ent add --ent <idENT> --issuer <https://…> --client-id <id> '
    + '[--client-secret-env VARIABLE] [--auth basic|post]',
  '      [--scope "openid …"] [--user-id-claim sub] [--userinfo] [--algs RS256,ES256] [--by NOM]',
  '  gar-broker partner oidc-ent list',
  '  gar-broker partner oidc-ent remove --ent <idENT> [--by NOM]',
  'avec [--config FICHIER]. '
    + 'Le secret client vient de la variable nommée par --client-secret-env ou d’une ligne de l’entrée standard.',
].join('\n');

type Flags = Readonly<
  Partial<
    Record<
      | 'config'
      | 'ent'
      | 'issuer'
      | 'client-id'
      | 'client-secret-env'
      | 'auth'
      | 'scope'
      | 'user-id-claim'
      | 'algs'
      | 'by',
      string
    >
  >
> & { readonly userinfo?: boolean };

export async function partnerOidcEntCommand(args: readonly string[], io: SecretInputIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'add')
    return addCommand(
      parseFlags(rest, [
        'ent',
        'issuer',
        'client-id',
        'client-secret-env',
        'auth',
        'scope',
        'user-id-claim',
        'userinfo',
        'algs',
        'by',
      ]),
      io,
    );
  if (sub === 'list') return listCommand(parseFlags(rest, []), io);
  if (sub === 'remove') return removeCommand(parseFlags(rest, ['ent', 'by']), io);
  throw fail('ERR_CLI_USAGE', usage);
}

function parseFlags(args: readonly string[], names: readonly string[]): Flags {
  return parseStrictFlags<Flags>(args, flagOptions(['config', ...names], ['userinfo']), usage);
}

async function withRegistry(
  io: CliIo,
  flags: Flags,
  work: (registry: OidcEntRegistry, logger: Logger) => Promise<number>,
): Promise<number> {
  const config = configFrom(io, flags.config);
  const logger = commandLogger(config, io);
  const store = await openMigratedStore(config, logger);
  try {
    return await work(createOidcEntRegistry(store), logger);
  } finally {
    await store.close();
  }
}

async function addCommand(flags: Flags, io: SecretInputIo): Promise<number> {
  const config = configFrom(io, flags.config);
  const fields = checkedFields(flags, config.oidc.allowInsecureHttp);
  // A named variable is the only source: a typo in its name must not wait on standard input.
  const variable = flags['client-secret-env'];
  const secret =
    variable !== undefined
      ? io.env[variable]
      : await readSecretLine(io, undefined, 'Secret client (il ne s’affiche pas) : ');
  const registration: OidcEntRegistration = {
    ...fields,
    clientSecret: checkedSecret(secret, flags['client-secret-env']),
  };
  return withRegistry(io, flags, async (registry, logger) => {
    const outcome = await registry.save(registration, cliActor(flags.by), systemClock.now());
    logger.info({ event: 'oidc_ent_provider.saved', entId: registration.entId, outcome });
    io.stdout.write(
      `${outcomeLabel[outcome]} pour l’ENT ${registration.entId} : `
        + `${registration.issuer} (client ${registration.clientId}).\n`,
    );
    return 0;
  });
}

const outcomeLabel = {
  added: 'Fournisseur OIDC ajouté',
  changed: 'Fournisseur OIDC mis à jour',
  unchanged: 'Fournisseur OIDC inchangé',
} as const;

/** Everything but the secret, checked before anything is read or opened. */
function checkedFields(flags: Flags, allowInsecureHttp: boolean): Omit<OidcEntRegistration, 'clientSecret'> {
  const { ent, issuer, 'client-id': clientId } = flags;
  if (ent === undefined || issuer === undefined || clientId === undefined)
    throw fail('ERR_CLI_USAGE', `--ent, --issuer et --client-id sont requis.\n${usage}`);
  if (!entIdPattern.test(ent)) throw invalid('--ent : un identifiant de projet ENT (lettres et chiffres, 16 au plus).');
  checkIssuer(issuer, allowInsecureHttp);
  if (!/^[\x21-\x7E]{1,255}$/.test(clientId)) throw invalid('--client-id : 1 à 255 caractères visibles, sans espace.');
  const auth = flags.auth ?? 'basic';
  if (auth !== 'basic' && auth !== 'post') throw invalid('--auth attend basic ou post.');
  const scope = checkedScope(flags.scope ?? 'openid');
  const userIdClaim = flags['user-id-claim'] ?? 'sub';
  if (!/^[A-Za-z_][A-Za-z0-9_.:-]{0,63}$/.test(userIdClaim))
    throw invalid('--user-id-claim : un nom de claim (lettres, chiffres, « _ . : - », 64 au plus).');
  const algorithms = flags.algs === undefined ? undefined : checkedAlgorithms(flags.algs);
  return {
    entId: ent,
    issuer,
    clientId,
    tokenAuthMethod: auth === 'post' ? 'client_secret_post' : 'client_secret_basic',
    scope,
    userIdClaim,
    useUserinfo: flags.userinfo === true,
    ...definedFields({ allowedAlgorithms: algorithms }),
  };
}

/** OIDC Discovery §2 and §4.3: an https URL without query nor fragment, compared as written. */
function checkIssuer(issuer: string, allowInsecureHttp: boolean): void {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    throw invalid('--issuer : une URL absolue.');
  }
  const schemeOk = url.protocol === 'https:' || (allowInsecureHttp && url.protocol === 'http:');
  if (
    !schemeOk
    || url.username !== ''
    || url.password !== ''
    || url.search !== ''
    || url.hash !== ''
    || issuer.includes('?')
    || issuer.includes('#')
  ) {
    throw invalid(
      '--issuer : une URL https sans identifiants, paramètres ni '
        + `fragment${allowInsecureHttp ? ' (http accepté : oidc.allowInsecureHttp)' : ''}.`,
    );
  }
}

/** RFC 6749 §3.3 scope tokens, `openid` among them (OIDC Core §3.1.2.1). */
function checkedScope(scope: string): string {
  const tokens = scope.split(' ').filter((token) => token !== '');
  if (
    !tokens.every((token) => /^[\x21\x23-\x5B\x5D-\x7E]+$/.test(token))
    || !tokens.includes('openid')
    || scope.length > 512
  ) {
    throw invalid('--scope : des scopes séparés par des espaces, dont « openid ».');
  }
  return [...new Set(tokens)].join(' ');
}

function checkedAlgorithms(list: string): readonly string[] {
  const algorithms = [
    ...new Set(
      list
        .split(',')
        .map((alg) => alg.trim())
        .filter((alg) => alg !== ''),
    ),
  ];
  const refused = algorithms.filter((alg) => !isAcceptableIdTokenAlgorithm(alg));
  if (algorithms.length === 0 || refused.length > 0) {
    throw invalid(
      '--algs : algorithmes asymétriques seulement (RS256, PS256, ES256, EdDSA…) ; '
        + `refusé${refused.length > 1 ? 's' : ''} : ${refused.join(', ') || '(liste vide)'}.`,
    );
  }
  return algorithms;
}

function checkedSecret(secret: string | undefined, variable: string | undefined): string {
  if (secret === undefined || secret === '') {
    throw invalid(
      variable === undefined
        ? 'Aucun secret client : donnez-le sur une ligne de l’entrée '
            + 'standard, ou nommez sa variable avec --client-secret-env.'
        : `La variable ${variable} est vide ou absente.`,
    );
  }
  if (secret.length > 1024 || /[\x00-\x1F\x7F]/.test(secret))
    throw invalid('Le secret client doit tenir sur une ligne (1024 caractères au plus).');
  return secret;
}

const invalid = (message: string) => fail('ERR_OIDC_ENT_INPUT', `${message} Rien n’a été enregistré.`);

async function listCommand(flags: Flags, io: CliIo): Promise<number> {
  return withRegistry(io, flags, async (registry) => {
    const registrations = await registry.list();
    io.stdout.write(
      registrations.length === 0 ? 'Aucun fournisseur OIDC d’ENT enregistré.\n' : renderTable(registrations),
    );
    return 0;
  });
}

async function removeCommand(flags: Flags, io: CliIo): Promise<number> {
  const entId = flags.ent;
  if (entId === undefined) throw fail('ERR_CLI_USAGE', `--ent est requis.\n${usage}`);
  return withRegistry(io, flags, async (registry, logger) => {
    if (!(await registry.remove(entId, cliActor(flags.by), systemClock.now()))) {
      throw fail('ERR_OIDC_ENT_UNKNOWN', `Aucun fournisseur OIDC enregistré pour l’ENT ${entId}.`);
    }
    logger.info({ event: 'oidc_ent_provider.removed', entId });
    io.stdout.write(
      `Fournisseur OIDC retiré pour l’ENT ${entId} : ses connexions `
        + 'passeront par SAML s’il a un fournisseur d’identité SAML.\n',
    );
    return 0;
  });
}

/** The secret is never shown: only whether one is set. */
function renderTable(registrations: readonly OidcEntRegistration[]): string {
  const header = ['ENT', 'issuer', 'client', 'secret', 'auth', 'scope', 'claim', 'userinfo', 'algorithmes'];
  const rows = [
    header,
    ...registrations.map((r) => [
      r.entId,
      r.issuer,
      r.clientId,
      r.clientSecret === undefined ? 'non' : 'oui',
      r.tokenAuthMethod === 'client_secret_post' ? 'post' : 'basic',
      r.scope,
      r.userIdClaim,
      r.useUserinfo ? 'oui' : 'non',
      r.allowedAlgorithms?.join(',') ?? '(défaut)',
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
