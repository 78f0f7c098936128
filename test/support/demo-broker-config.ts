/**
 * The configuration the demo federation tests start the broker with: a SQLite file, free ports,
 * keys and the partner PKI in the test's folder, the médiacentre web service on (the demo ENT
 * calls it), and a fresh pseudonym secret. `databaseUrl` replaces the SQLite file (a PostgreSQL
 * database for the tests that run on both dialects); `login` overrides keys of that section.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { loadConfig, type BrokerConfig } from '../../src/config/index.js';
import { definedFields } from '../../src/core/defined-fields.js';

export interface DemoBrokerOverrides {
  readonly databaseUrl?: string;
  readonly login?: Readonly<Record<string, unknown>>;
}

export function demoBrokerConfig(dir: string, overrides: DemoBrokerOverrides = {}): BrokerConfig {
  return loadConfig({
    env: {},
    overrides: {
      database: { url: overrides.databaseUrl ?? `sqlite:${join(dir, 'db.sqlite')}` },
      http: { port: 0 },
      saml: { metadataDir: join(dir, 'metadata'), keysDir: join(dir, 'keys') },
      webServices: {
        enabled: true,
        port: 0,
        tls: { certFile: join(dir, 'pki', 'ws.crt'), keyFile: join(dir, 'pki', 'ws.key') },
        partnerCa: { certFile: join(dir, 'pki', 'ca.crt'), keyFile: join(dir, 'pki', 'ca.key') },
      },
      pseudonyms: { secret: randomBytes(32).toString('hex') },
      ...definedFields({ login: overrides.login }),
    },
  });
}
