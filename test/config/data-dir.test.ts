/**
 * One data folder: every path the broker writes defaults under `dataDir` (`var` unless
 * configured, GAR_BROKER_DATA_DIR in the environment); a path configured explicitly wins.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type BrokerConfig } from '../../src/config/index.js';

function writtenPaths(config: BrokerConfig): Record<string, string> {
  const ws = config.webServices;
  return {
    database: config.database.url,
    keys: config.saml.keysDir,
    tlsCert: ws.tls.certFile,
    tlsKey: ws.tls.keyFile,
    caCert: ws.partnerCa.certFile,
    caKey: ws.partnerCa.keyFile,
  };
}

function pathsUnder(dir: string): Record<string, string> {
  return {
    database: `sqlite:${join(dir, 'gar-broker.sqlite')}`,
    keys: join(dir, 'keys'),
    tlsCert: join(dir, 'pki', 'web-services.crt'),
    tlsKey: join(dir, 'pki', 'web-services.key'),
    caCert: join(dir, 'pki', 'partner-ca.crt'),
    caKey: join(dir, 'pki', 'partner-ca.key'),
  };
}

describe('configuration: the data folder', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gar-data-dir-'));

  it('puts every written path under var by default, as before', () => {
    const config = loadConfig({ env: {} });
    assert.equal(config.dataDir, 'var');
    assert.deepEqual(writtenPaths(config), pathsUnder('var'));
    assert.equal(config.database.url, 'sqlite:var/gar-broker.sqlite');
  });

  it('moves every written path under the configured dataDir (file, or a flag)', () => {
    const file = join(dir, 'data-dir.json');
    writeFileSync(file, JSON.stringify({ dataDir: '/srv/gar' }));
    assert.deepEqual(writtenPaths(loadConfig({ file, env: {} })), pathsUnder('/srv/gar'));
    const flag = loadConfig({ file, env: {}, overrides: { dataDir: '/tmp/essai' } });
    assert.deepEqual(writtenPaths(flag), pathsUnder('/tmp/essai'));
  });

  it('reads GAR_BROKER_DATA_DIR from the environment', () => {
    const config = loadConfig({ env: { GAR_BROKER_DATA_DIR: '/var/lib/gar-broker' } });
    assert.equal(config.dataDir, '/var/lib/gar-broker');
    assert.deepEqual(writtenPaths(config), pathsUnder('/var/lib/gar-broker'));
  });

  it('keeps a path configured explicitly, wherever dataDir is', () => {
    const file = join(dir, 'explicit.json');
    writeFileSync(
      file,
      JSON.stringify({ saml: { keysDir: '/etc/gar/keys' }, webServices: { tls: { certFile: '/etc/ssl/ws.crt' } } }),
    );
    const config = loadConfig({
      file,
      env: {
        GAR_BROKER_DATA_DIR: '/srv/gar',
        DATABASE_URL: 'postgres://gar@127.0.0.1:5432/gar',
        GAR_BROKER_PARTNER_CA_KEY: '/media/offline/ca.key',
      },
    });
    assert.deepEqual(writtenPaths(config), {
      ...pathsUnder('/srv/gar'),
      database: 'postgres://gar@127.0.0.1:5432/gar',
      keys: '/etc/gar/keys',
      tlsCert: '/etc/ssl/ws.crt',
      caKey: '/media/offline/ca.key',
    });
  });

  it('gives the web services a free port when http.port is 0 (a throwaway instance), 8443 otherwise', () => {
    const throwaway = loadConfig({ env: {}, overrides: { http: { port: 0 } } });
    assert.equal(throwaway.webServices.port, 0);
    assert.equal(throwaway.webServices.publicUrl, 'https://localhost:0');
    assert.equal(loadConfig({ env: { PORT: '9000' } }).webServices.port, 8443);
    assert.equal(loadConfig({ env: { PORT: '0', GAR_BROKER_WS_PORT: '9443' } }).webServices.port, 9443);
  });
});
