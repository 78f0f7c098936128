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
