/** Every subcommand with its one-line help: `gar-broker --help` prints this table. */
export interface CommandInfo {
  readonly name: string;
  readonly usage: string;
  readonly summary: string;
}

export const commands: readonly CommandInfo[] = [
  {
    name: 'serve',
    usage: 'serve [--config FILE] [--data-dir DIR] [--port N] [--demo]',
    summary:
      'Start the broker and print the URLs it serves; --demo adds a demo ENT '
      + 'and a demo publisher (examples/, refused with NODE_ENV=production).',
  },
  { name: 'migrate', usage: 'migrate [--config FILE]', summary: 'Apply pending database migrations and exit.' },
  {
    name: 'feed import',
    usage: 'feed import <path> --ent <idENT> [--config FILE] [--json FILE] [--max-invalid-share X]',
    summary: 'Import an ENT directory delivery (file, folder, or .tar.gz with its .md5) as a full snapshot.',
  },
  {
    name: 'feed generate',
    usage:
      'feed generate --ent <idENT> --establishments N --pupils N '
      + '--seed S --out DIR [--degree 2D|1D] [--teachers N] [--prefix P]',
    summary: 'Write a realistic, valid, deterministic delivery (.tar.gz + .md5) for tests, demos and benchmarks.',
  },
  {
    name: 'report generate',
    usage: 'report generate [--config FILE]',
    summary: "Make every distributor's assignment report now (the server makes them daily after 03:00).",
  },
  {
    name: 'keys show',
    usage: 'keys show [--config FILE]',
    summary:
      "Show the broker's SAML keys (made at first use): ids, dates, which one signs, which ones metadata publishes.",
  },
  {
    name: 'keys rotate',
    usage: 'keys rotate [--use signing|encryption] [--overlap-days N] [--config FILE]',
    summary:
      'Add the next SAML key: published in metadata at once, '
      + 'used only after the overlap (saml.keyRotationOverlapDays).',
  },
  {
    name: 'config check',
    usage: 'config check [--config FILE]',
    summary: 'Validate the configuration and print it with secrets hidden.',
  },
  {
    name: 'config docs',
    usage: 'config docs',
    summary: 'Print the configuration reference (docs/configuration.md) generated from the schema.',
  },
  {
    name: 'resource add',
    usage: 'resource add <file.json> [--config FILE]',
    summary: 'Register or update one resource from a JSON document checked against the resource schema.',
  },
  {
    name: 'resource import',
    usage: 'resource import <file.json> [--config FILE]',
    summary: 'Register or update many resources (a JSON array or { "ressources": [...] }) in one transaction.',
  },
  {
    name: 'resource list',
    usage: 'resource list [--json] [--config FILE]',
    summary: 'List the registered resources (--json: the document resource import reads back).',
  },
  {
    name: 'partner add',
    usage:
      'partner add --id <id> --name <name> '
      + '(--cert <file.pem> | --fingerprint <sha256> --not-after <ISO date>) '
      + '[--kind distributor|ent] [--force] [--config FILE]',
    summary: "Register a partner's TLS client certificate (or only its SHA-256 fingerprint) for the web services.",
  },
  {
    name: 'partner issue-cert',
    usage:
      'partner issue-cert --id <id> --name <name> --out <dir> [--days 365] [--kind distributor|ent] [--config FILE]',
    summary: "Issue a client certificate and key from the broker's partner CA (made on first use) and register it.",
  },
  {
    name: 'partner list',
    usage: 'partner list [--id <id>] [--kind distributor|ent] [--config FILE]',
    summary: 'List partner certificates: partner, kind, origin, fingerprint, validity, revocation.',
  },
  {
    name: 'partner revoke-cert',
    usage: 'partner revoke-cert --fingerprint <sha256> [--config FILE]',
    summary: 'Revoke a partner certificate: it is refused from now on.',
  },
  {
    name: 'partner metadata add',
    usage:
      'partner metadata add ([--role idp] --ent <idENT> | [--role sp] --distributor <id>) '
      + '(--file <metadata.xml> | --url <https://…>) [--signer <cert.pem>] [--by NAME] [--config FILE]',
    summary:
      'Register (or update) an ENT IdP or a publisher SP by its SAML metadata, '
      + 'read whole first (signature when --signer is given, validUntil, keys, '
      + 'endpoints); --url metadata is refreshed by the server on a schedule.',
  },
  {
    name: 'partner metadata list',
    usage: 'partner metadata list [--role idp|sp] [--config FILE]',
    summary:
      'List the SAML partners: entityID, role, ENT project or distributor, source, signed or not, validity, load date.',
  },
  {
    name: 'partner metadata remove',
    usage: 'partner metadata remove --entity-id <entityID> [--by NAME] [--config FILE]',
    summary: 'Remove a SAML partner from the federation registry.',
  },
  {
    name: 'partner metadata load',
    usage: 'partner metadata load [--dir metadata] [--by NAME] [--config FILE]',
    summary:
      'Load metadata/idp/*.xml and metadata/sp/*.xml (each with its <name>.json '
      + 'sidecar); reports and skips bad files, exit 1 if any was skipped.',
  },
  {
    name: 'partner oidc-ent add',
    usage:
      'partner oidc-ent add --ent <idENT> --issuer <https://…> --client-id <id> '
      + '[--client-secret-env VAR] [--auth basic|post] [--scope "openid …"] '
      + '[--user-id-claim sub] [--userinfo] [--algs RS256,ES256] [--by NAME] [--config FILE]',
    summary:
      'Register (or update) an ENT project whose identity provider is an OpenID Provider: its '
      + 'logins then go through OIDC (code flow, PKCE); the client secret comes from the '
      + 'variable named by --client-secret-env or one line of standard input, never an argument.',
  },
  {
    name: 'partner oidc-ent list',
    usage: 'partner oidc-ent list [--config FILE]',
    summary:
      'List the ENT projects logging in through OIDC: issuer, client, '
      + 'authentication, scope, user id claim, userinfo, algorithms (never the secret).',
  },
  {
    name: 'partner oidc-ent remove',
    usage: 'partner oidc-ent remove --ent <idENT> [--by NAME] [--config FILE]',
    summary:
      "Remove an ENT project's OpenID Provider registration: its logins go back to its SAML identity provider, if any.",
  },
  {
    name: 'partner oidc-client add',
    usage:
      'partner oidc-client add --client-id <id> --distributor <SIREN_16digits> '
      + '--redirect-uri <https://…> [--redirect-uri …] '
      + '(--auth secret|secret-post [--client-secret-env VAR | --generate-secret] '
      + '| --auth private_key_jwt --jwks <file.json>) [--by NAME] [--config FILE]',
    summary:
      "Register (or update) a publisher's OIDC client for its technical distributor (code flow with PKCE "
      + 'at <publicUrl>/oidc); the secret comes from the variable named by --client-secret-env, one line '
      + 'of standard input, or --generate-secret (printed once); private_key_jwt takes public keys only.',
  },
  {
    name: 'partner oidc-client list',
    usage: 'partner oidc-client list [--config FILE]',
    summary:
      "List the publishers' OIDC clients: client id, distributor, "
      + 'authentication method, redirect URIs (never a secret).',
  },
  {
    name: 'partner oidc-client remove',
    usage: 'partner oidc-client remove --client-id <id> [--by NAME] [--config FILE]',
    summary: "Remove a publisher's OIDC client: its authorizations and token requests are refused from now on.",
  },
  {
    name: 'partner cas-service add',
    usage:
      'partner cas-service add --service <url> --resource <idRessource> '
      + '[--logout-url <url>] [--by NAME] [--config FILE]',
    summary:
      "Register (or update) a CAS service: the exact service URL a resource's site sends to /cas/login (https, "
      + 'no fragment), the resource it opens, and where the back-channel logout goes (default: the service URL).',
  },
  {
    name: 'partner cas-service list',
    usage: 'partner cas-service list [--config FILE]',
    summary: 'List the CAS services: service URL, resource, logout URL.',
  },
  {
    name: 'partner cas-service remove',
    usage: 'partner cas-service remove --service <url> [--by NAME] [--config FILE]',
    summary: 'Remove a CAS service (by its exact URL): /cas/login refuses it from now on.',
  },
  {
    name: 'subscription add',
    usage: 'subscription add --distributor <distributorId> --file <abonnement.xml> [--config FILE]',
    summary:
      "Create a distributor's subscription from a GAR XML <abonnement> (what the web service's PUT takes), "
      + 'with the same checks, refusals and audit.',
  },
  {
    name: 'subscription update',
    usage: 'subscription update --distributor <distributorId> --file <abonnement.xml> [--config FILE]',
    summary:
      "Update a distributor's subscription from a GAR XML <abonnement> without uaiEtab (the web service's POST); "
      + 'licences are brought in line at once.',
  },
  {
    name: 'subscription list',
    usage: 'subscription list --distributor <distributorId> [--json] [--config FILE]',
    summary:
      "List a distributor's subscriptions: id, resource, UAI, validity, licences assigned/total "
      + '(--json: a stable array).',
  },
  {
    name: 'subscription remove',
    usage: 'subscription remove --distributor <distributorId> --id <idAbonnement> [--config FILE]',
    summary: "Delete a distributor's subscription with its assignments and licences (the web service's DELETE).",
  },
  {
    name: 'assign add',
    usage:
      'assign add --distributor D --subscription S --uai U '
      + '(--person ENT:ID | --class CODE | --group CODE [--audience ELEVE|ENSEIGNANT] | --level MEF | --subject CODE '
      + '| --profile ELEVE|ENSEIGNANT|DOCUMENTALISTE|"AUTRE PERSONNEL") [--by NAME] [--config FILE]',
    summary:
      'Assign licences of an INDIV subscription to a person or a live population; grants them while licences remain.',
  },
  {
    name: 'assign list',
    usage: 'assign list (--uai U | --distributor D --subscription S) [--json] [--config FILE]',
    summary: 'List live assignments with the people covered, licences granted and people waiting.',
  },
  {
    name: 'assign revoke',
    usage: 'assign revoke --id N [--by NAME] [--config FILE]',
    summary: 'Revoke an assignment of a transferable subscription; licences no longer covered go back.',
  },
  {
    name: 'assign reconcile',
    usage: 'assign reconcile [--uai U] [--by NAME] [--config FILE]',
    summary:
      'Bring licences in line with the directory: departed people '
      + 'give theirs back, newcomers get one while licences remain.',
  },
  {
    name: 'contract submit',
    usage: 'contract submit <file.json> [--config FILE]',
    summary:
      "Record a new version of a resource's contract (attributes, purpose), "
      + 'checked against the contract schema; it waits for approval.',
  },
  {
    name: 'contract approve',
    usage: 'contract approve --resource <ARK> --version N [--by NAME] [--config FILE]',
    summary: 'Approve a submitted contract version: it takes effect and the one approved before is superseded.',
  },
  {
    name: 'contract reject',
    usage: 'contract reject --resource <ARK> --version N --reason "..." [--by NAME] [--config FILE]',
    summary: 'Refuse a submitted contract version, with the reason the publisher will read.',
  },
  {
    name: 'contract list',
    usage: 'contract list --resource <ARK> [--json] [--config FILE]',
    summary: "List every version of a resource's contract: status, dates, who decided, attributes.",
  },
  {
    name: 'release preview',
    usage: 'release preview --resource <ARK> --ent <idENT> --user <id> --uai <UAI> [--config FILE]',
    summary:
      'Show what a resource would receive for a person in an establishment (its '
      + 'approved contract applied); IDO needs GAR_BROKER_PSEUDONYM_SECRET (hex).',
  },
  {
    name: 'admin create',
    usage: 'admin create --login <login> [--totp] [--by NAME] [--config FILE]',
    summary:
      'Create an operator account for the console; the password comes from GAR_BROKER_ADMIN_PASSWORD or one '
      + 'line of standard input (12 characters at least); --totp prints a one-time-code secret to enrol at once.',
  },
  {
    name: 'admin list',
    usage: 'admin list [--config FILE]',
    summary: "List the console's operator accounts: login, one-time code enrolled, locked until, disabled.",
  },
  { name: 'help', usage: 'help', summary: 'Show this help.' },
];

export function renderHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'gar-broker: resource access broker for schools (GAR-compatible).',
    '',
    'Usage: gar-broker <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Details:',
    ...commands.map((c) => `  gar-broker ${c.usage}`),
    '',
    'Configuration: a JSON file (--config or GAR_BROKER_CONFIG) and environment variables; see docs/configuration.md.',
    '',
  ].join('\n');
}
