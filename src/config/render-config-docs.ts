import { configSchema } from './config-schema.js';

interface DocNode {
  readonly type?: string;
  readonly description?: string;
  readonly default?: unknown;
  readonly enum?: readonly unknown[];
  readonly properties?: Readonly<Record<string, DocNode>>;
  readonly 'x-env'?: string;
}

/** Renders docs/configuration.md from the schema: one row per key, in schema order. */
export function renderConfigDocs(): string {
  const rows: string[] = [];
  walk(configSchema as DocNode, '', rows);
  return [
    '# Configuration',
    '',
    '<!-- Generated from src/config/config-schema.ts by `npm run docs`. Do not edit by hand. -->',
    '',
    'The broker reads one JSON file (`gar-broker serve --config FILE`, or `GAR_BROKER_CONFIG`), then the',
    'environment variables below, then command-line flags. Every key has a default, so an empty file',
    'works. A bad value stops start-up with every error listed. Secrets (the database URL) are never logged.',
    '',
    '## The data folder',
    '',
    'Every file the broker writes lies under one data folder, `dataDir` (`var` by default; `GAR_BROKER_DATA_DIR`;',
    '`--data-dir DIR` on the command line): the keys whose default below names `<dataDir>` follow it, and a path',
    'configured explicitly wins. Assignment reports live in the database; feed import reports are written beside',
    'the deliveries. A throwaway instance, with all its files in one folder and its listeners on free ports:',
    '',
    '```sh',
    'gar-broker serve --data-dir /tmp/gar-essai --port 0   # both listeners on free ports, printed at start',
    '```',
    '',
    '## Cookies and the public URL',
    '',
    "The scheme of `publicUrl`, never the request's, decides the cookies. With https every cookie the broker sets",
    '(login, console, OpenID Provider) is `Secure`, also behind a TLS-terminating proxy that forwards plain HTTP.',
    'With plain http (the demo, tests on localhost) none is, and the login cookies that come back on cross-site form',
    'posts are `SameSite=Lax` instead of `None` (browsers refuse `None` without `Secure`); the server logs the',
    'warning `http.cookies_not_secure` at start. Browsers must then reach the broker, the ENT and the publishers on',
    'the same host (any ports: `localhost:8080`, `:8081`, `:8082` in the demo); a client with a cookie jar of its',
    'own (`curl -b`/`-c`, a test) gets them back over http with nothing more, since none is `Secure`. Anything else,',
    'and every real deployment, needs an https `publicUrl`.',
    '',
    '## Keys',
    '',
    '| Key | Type | Default | Environment | Description |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}

function walk(node: DocNode, prefix: string, rows: string[]): void {
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    const type = child.enum ? child.enum.map((v) => `\`${String(v)}\``).join(' \\| ') : (child.type ?? '');
    const def = child.type === 'object' || child.default === undefined ? '' : `\`${JSON.stringify(child.default)}\``;
    const env = child['x-env'] ? `\`${child['x-env']}\`` : '';
    rows.push(`| \`${path}\` | ${type} | ${def} | ${env} | ${(child.description ?? '').replaceAll('|', '\\|')} |`);
    if (child.type === 'object') walk(child, path, rows);
  }
}
