/**
 * The defaults that depend on other keys, filled once the merged configuration is valid: the
 * public URLs follow the ports, and every file the broker writes lies under `dataDir`. A value
 * configured anywhere (file, environment, flag) is kept as it is.
 */
import { join } from 'node:path';

interface Section {
  [key: string]: unknown;
}

export function fillDerivedDefaults(config: Record<string, unknown>): void {
  const dataDir = config['dataDir'] as string;
  const http = config['http'] as { port: number };
  const database = config['database'] as Section;
  database['url'] ??= `sqlite:${join(dataDir, 'gar-broker.sqlite')}`;
  const ws = config['webServices'] as Section & { tls: Section; partnerCa: Section };
  // A throwaway instance (`--port 0`) takes no fixed port for its web services either.
  ws['port'] ??= http.port === 0 ? 0 : 8443;
  ws['publicUrl'] ??= `https://localhost:${String(ws['port'])}`;
  ws.tls['certFile'] ??= join(dataDir, 'pki', 'web-services.crt');
  ws.tls['keyFile'] ??= join(dataDir, 'pki', 'web-services.key');
  ws.partnerCa['certFile'] ??= join(dataDir, 'pki', 'partner-ca.crt');
  ws.partnerCa['keyFile'] ??= join(dataDir, 'pki', 'partner-ca.key');
  const saml = config['saml'] as Section;
  saml['keysDir'] ??= join(dataDir, 'keys');
  config['publicUrl'] ??= `http://localhost:${http.port}`;
}
