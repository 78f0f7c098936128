/**
 * `serve --demo`: the demo federation of examples/, loaded only on demand. The path is
 * computed, so that neither the type checker nor the dependency rules see examples/ as a
 * dependency of the broker, and a production installation without examples/ still starts.
 */
import { join } from 'node:path';
import { fail } from '../core/fail.js';
import type { BrokerConfig } from '../config/index.js';
import type { Logger } from '../core/logger.js';
import type { Store } from '../store/index.js';

/** What examples/demo-federation.ts exports (kept in step with it by test/examples). */
export interface DemoFederationModule {
  provideDemoPseudonymSecret(env: NodeJS.ProcessEnv, dataDir: string): string;
  startDemoFederation(options: {
    brokerUrl: string;
    store: Store;
    config: BrokerConfig;
    logger: Logger;
    dataDir: string;
  }): Promise<{
    readonly startUrl: string;
    readonly urls: Readonly<Record<string, string>>;
    close(): Promise<void>;
  }>;
}

/** The demo's keys, secrets and generated delivery: `demo/` in the data folder. */
export function demoDataDir(config: BrokerConfig): string {
  return join(config.dataDir, 'demo');
}

/** Refused in production: the demo registers partners and people that must never reach a real store. */
export async function loadDemoFederation(
  env: NodeJS.ProcessEnv,
  where = new URL(['..', '..', 'examples', 'demo-federation.js'].join('/'), import.meta.url).href,
): Promise<DemoFederationModule> {
  if (env['NODE_ENV'] === 'production') {
    throw fail(
      'ERR_DEMO_PRODUCTION',
      'La démonstration (--demo) est refusée quand NODE_ENV=production : démarrez le courtier sans --demo.',
    );
  }
  try {
    return (await import(where)) as DemoFederationModule;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' && String(error).includes('demo-federation')) {
      throw fail(
        'ERR_DEMO_UNAVAILABLE',
        'La démonstration est absente de cette installation (dossier examples/).',
        String(error),
      );
    }
    throw error;
  }
}
