import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/index.js';
import { isBrokerError } from '../../src/core/broker-error.js';

function configError(fn: () => unknown): { code: string; detail: string } {
  try {
    fn();
  } catch (error) {
    if (isBrokerError(error)) return { code: error.code, detail: error.detail ?? '' };
    throw error;
  }
  assert.fail('expected a configuration error');
}

describe('configuration', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gar-config-'));

  it('fills every default and freezes the result', () => {
    const config = loadConfig({ env: {} });
    assert.equal(config.http.port, 8080);
    assert.equal(config.publicUrl, 'http://localhost:8080');
    assert.equal(config.database.url, 'sqlite:var/gar-broker.sqlite');
    assert.equal(config.feeds.maxInvalidShare, 0.01);
    assert.ok(Object.isFrozen(config) && Object.isFrozen(config.http));
  });

  it('layers file, then environment, then explicit overrides', () => {
    const file = join(dir, 'layers.json');
    writeFileSync(file, JSON.stringify({ http: { port: 9000, host: '0.0.0.0' }, log: { level: 'warn' } }));
    const config = loadConfig({ file, env: { LOG_LEVEL: 'debug', PORT: '9100' }, overrides: { http: { port: 9200 } } });
    assert.deepEqual([config.http.host, config.http.port, config.log.level], ['0.0.0.0', 9200, 'debug']);
  });

  it('stops with every error listed at once', () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ http: { port: 70000 }, unknownKey: 1, feeds: { maxInvalidShare: 2 } }));
    const error = configError(() => loadConfig({ file, env: { GAR_BROKER_TRUST_PROXY: 'maybe' } }));
    assert.equal(error.code, 'ERR_CONFIG_INVALID');
    for (const fragment of ['http.port', 'unknownKey', 'feeds.maxInvalidShare', 'GAR_BROKER_TRUST_PROXY']) {
      assert.ok(error.detail.includes(fragment), `missing ${fragment} in ${error.detail}`);
    }
  });

  it('refuses a file that cannot be read or is not a JSON object', () => {
    const file = join(dir, 'array.json');
    writeFileSync(file, '[1]');
    assert.equal(configError(() => loadConfig({ file, env: {} })).code, 'ERR_CONFIG_UNREADABLE');
    assert.equal(
      configError(() => loadConfig({ file: join(dir, 'missing.json'), env: {} })).code,
      'ERR_CONFIG_UNREADABLE',
    );
  });

  it('accepts PostgreSQL URLs and refuses other schemes', () => {
    assert.equal(
      loadConfig({ env: { DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/gar' } }).database.url,
      'postgres://u:p@127.0.0.1:5432/gar',
    );
    assert.equal(configError(() => loadConfig({ env: { DATABASE_URL: 'mysql://x' } })).code, 'ERR_CONFIG_INVALID');
  });
});
