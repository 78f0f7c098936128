/**
 * The refresh loop with an injected timer and clock: the test fires each check itself and moves
 * time by hand, nothing sleeps. Against a local metadata server: only due partners are fetched,
 * a change is saved, a failure keeps the previous document and is retried after the back-off;
 * and the loop runs one pass at a time, and stops without starting another partner.
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import type { Clock } from '../../src/core/clock.js';
import {
  createMetadataFetcher,
  refreshBackoffMinutes,
  registerSamlPartner,
  scheduleMetadataRefresh,
  type MetadataFetcher,
  type RepeatingTimer,
  type SamlPartnerStore,
} from '../../src/federation/index.js';
import { createSamlPartnerStore, type Store } from '../../src/store/index.js';
import { freshStore } from '../support/each-dialect.js';
import { startMetadataServer, type MetadataServer } from '../support/metadata-server.js';
import { metadataFixture } from '../support/saml-metadata-fixtures.js';

const hour = 3_600_000;

/** A timer the test fires: `tick()` runs one check and resolves when its pass is over. */
function manualTimer() {
  const state = {
    ms: 0,
    cancelled: false,
    tick: async (): Promise<void> => {
      throw new Error('not scheduled');
    },
  };
  const timer: RepeatingTimer = (ms, tick) => {
    Object.assign(state, { ms, tick });
    return () => {
      state.cancelled = true;
    };
  };
  return { timer, state, tick: () => state.tick() };
}

function movableClock(start: Date): Clock & { set(at: Date): void } {
  let now = start;
  return {
    now: () => now,
    set: (at) => {
      now = at;
    },
  };
}

function capturedLogger() {
  const events: Array<Record<string, unknown>> = [];
  const logger = pino(
    { level: 'debug' },
    new Writable({
      write(chunk, _enc, done) {
        events.push(JSON.parse(String(chunk)) as Record<string, unknown>);
        done();
      },
    }),
  );
  return { logger, events };
}

describe('federation scheduleMetadataRefresh', () => {
  let served: MetadataServer;
  let store: Store;
  let registry: SamlPartnerStore;
  const t0 = new Date('2030-03-01T08:00:00Z');
  const idpXml = metadataFixture('idp.valid.xml');
  const spXml = metadataFixture('sp.valid.xml');
  const fetcher = createMetadataFetcher({ timeoutMs: 1000, maxBytes: 64 * 1024 });
  const register = (role: 'idp' | 'sp', path: string, metadataXml: string) =>
    registerSamlPartner(
      {
        role,
        ...(role === 'idp' ? { entId: 'Z0' } : { distributorId: '123456789_0000000000000001' }),
        source: { kind: 'url', url: `${served.base}${path}` },
        metadataXml,
      },
      { store: registry, now: t0, actor: 'test', refreshHours: 6 },
    );

  before(async () => {
    served = await startMetadataServer();
  });
  after(() => served.close());
  beforeEach(async () => {
    store = await freshStore('sqlite');
    registry = createSamlPartnerStore(store);
    served.routes.clear();
    served.hits.clear();
  });
  afterEach(() => store.close());

  it('checks every saml.metadataRefreshCheckMinutes and fetches only the partners that are due', async () => {
    served.serve('/idp.xml', idpXml);
    await register('idp', '/idp.xml', idpXml);
    await registerSamlPartner(
      { role: 'sp', distributorId: '123456789_0000000000000001', source: { kind: 'cli' }, metadataXml: spXml },
      { store: registry, now: t0, actor: 'test' },
    );
    const clock = movableClock(t0);
    const manual = manualTimer();
    const log = capturedLogger();
    const schedule = scheduleMetadataRefresh(
      { store: registry, fetch: fetcher, refreshHours: 6, logger: log.logger },
      clock,
      10,
      manual.timer,
    );
    assert.equal(manual.state.ms, 10 * 60_000);
    await manual.tick();
    assert.equal(served.hits.get('/idp.xml'), undefined, 'not due yet');
    served.serve('/idp.xml', idpXml.replace('https://ent.example.fr/idp/slo', 'https://ent.example.fr/idp/logout'));
    clock.set(new Date(t0.getTime() + 6 * hour));
    await manual.tick();
    assert.equal(served.hits.get('/idp.xml'), 1);
    const record = await registry.find('https://ent.example.fr/idp');
    assert.match(record?.metadataXml ?? '', /idp\/logout/);
    assert.equal(record?.refreshAfter, new Date(t0.getTime() + 12 * hour).toISOString());
    assert.ok(log.events.some((e) => e.event === 'saml_partner.refreshed' && e.outcome === 'changed'));
    await schedule.stop();
    assert.equal(manual.state.cancelled, true);
  });

  it('a failing refresh keeps the old document, logs its code, and is retried after the back-off only', async () => {
    served.routes.set('/sp.xml', (res) => {
      res.statusCode = 503;
      res.end();
    });
    await register('sp', '/sp.xml', spXml);
    const clock = movableClock(new Date(t0.getTime() + 6 * hour));
    const manual = manualTimer();
    const log = capturedLogger();
    const schedule = scheduleMetadataRefresh(
      { store: registry, fetch: fetcher, refreshHours: 6, logger: log.logger },
      clock,
      10,
      manual.timer,
    );
    await manual.tick();
    const failed = log.events.find((e) => e.event === 'saml_partner.refresh_failed');
    assert.deepEqual([failed?.level, failed?.code], [40, 'ERR_METADATA_FETCH_FAILED']);
    assert.match(String(failed?.detail), /HTTP 503/);
    assert.equal((await registry.find('https://editeur.example.com/saml/metadata'))?.metadataXml, spXml);
    clock.set(new Date(clock.now().getTime() + 10 * 60_000));
    await manual.tick();
    assert.equal(served.hits.get('/sp.xml'), 1, 'the back-off is not over after one check');
    served.serve(
      '/sp.xml',
      spXml.replace('https://editeur.example.com/saml/acs2', 'https://editeur.example.com/saml/acs3'),
    );
    clock.set(new Date(t0.getTime() + 6 * hour + refreshBackoffMinutes * 60_000));
    await manual.tick();
    assert.equal(served.hits.get('/sp.xml'), 2);
    assert.match((await registry.find('https://editeur.example.com/saml/metadata'))?.metadataXml ?? '', /acs3/);
    await schedule.stop();
  });

  it('runs one pass at a time, and stop() waits for it without starting another partner', async () => {
    await register('idp', '/idp.xml', idpXml);
    await register('sp', '/sp.xml', spXml);
    const fetched: string[] = [];
    let release: () => void = () => {};
    const slow: MetadataFetcher = async (url) => {
      fetched.push(url);
      await new Promise<void>((done) => {
        release = done;
      });
      return url.endsWith('/idp.xml') ? idpXml : spXml;
    };
    const manual = manualTimer();
    const schedule = scheduleMetadataRefresh(
      { store: registry, fetch: slow, refreshHours: 6, logger: pino({ level: 'silent' }) },
      movableClock(new Date(t0.getTime() + 7 * hour)),
      10,
      manual.timer,
    );
    const first = manual.tick();
    const second = manual.tick();
    while (fetched.length === 0) await new Promise((done) => setImmediate(done));
    const stopped = schedule.stop();
    release();
    await Promise.all([first, second, stopped]);
    assert.equal(fetched.length, 1, 'the second tick joined the pass; after stop no other partner was fetched');
    assert.equal(manual.state.cancelled, true);
  });

  it('a pass that fails as a whole (store down) is logged, and the next check runs again', async () => {
    let down = true;
    const flaky: SamlPartnerStore = {
      ...registry,
      list: async (role) => {
        if (down) throw new Error('connection lost');
        return registry.list(role);
      },
    };
    const manual = manualTimer();
    const log = capturedLogger();
    const schedule = scheduleMetadataRefresh(
      { store: flaky, fetch: fetcher, refreshHours: 6, logger: log.logger },
      movableClock(t0),
      10,
      manual.timer,
    );
    await manual.tick();
    assert.deepEqual(
      log.events.map((e) => [e.event, e.detail]),
      [['saml_partner.refresh_run_failed', 'Error']],
    );
    down = false;
    await manual.tick();
    assert.equal(log.events.length, 1);
    await schedule.stop();
  });
});
