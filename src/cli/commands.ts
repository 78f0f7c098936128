/** Every subcommand with its one-line help: `gar-broker --help` prints this table. */
export interface CommandInfo {
  readonly name: string;
  readonly usage: string;
  readonly summary: string;
}

export const commands: readonly CommandInfo[] = [
  { name: 'serve', usage: 'serve [--config FILE] [--port N]', summary: 'Start the broker and print the URLs it serves.' },
  { name: 'migrate', usage: 'migrate [--config FILE]', summary: 'Apply pending database migrations and exit.' },
  { name: 'feed import', usage: 'feed import <path> --ent <idENT> [--config FILE] [--json FILE] [--max-invalid-share X]', summary: 'Import an ENT directory delivery (file, folder, or .tar.gz with its .md5) as a full snapshot.' },
  { name: 'feed generate', usage: 'feed generate --ent <idENT> --establishments N --pupils N --seed S --out DIR [--degree 2D|1D] [--teachers N] [--prefix P]', summary: 'Write a realistic, valid, deterministic delivery (.tar.gz + .md5) for tests, demos and benchmarks.' },
  { name: 'config check', usage: 'config check [--config FILE]', summary: 'Validate the configuration and print it with secrets hidden.' },
  { name: 'config docs', usage: 'config docs', summary: 'Print the configuration reference (docs/configuration.md) generated from the schema.' },
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
