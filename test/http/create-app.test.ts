import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import request from 'supertest';
import { createApp } from '../../src/http/index.js';
import { createLogger } from '../../src/core/logger.js';

function capture(): { lines: string[]; stream: Writable } {
  const lines: string[] = [];
  return {
    lines,
    stream: new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    }),
  };
}

describe('http app', () => {
  const sink = capture();
  const logger = createLogger({ level: 'info', destination: sink.stream as never });
  let ready = true;
  const app = createApp({ logger, trustProxy: false, readiness: async () => ({ ready, checks: { database: ready } }) });

  it('answers liveness without touching the store', async () => {
    const res = await request(app).get('/healthz').expect(200);
    assert.deepEqual(res.body, { status: 'ok' });
  });

  it('answers readiness 200 when ready and 503 when not', async () => {
    await request(app).get('/readyz').expect(200);
    ready = false;
    const res = await request(app).get('/readyz').expect(503);
    assert.equal(res.body.status, 'not ready');
    ready = true;
  });

  it('answers unknown paths with problem+json and a correlation id', async () => {
    const res = await request(app).get('/nowhere').expect(404);
    assert.match(res.headers['content-type'] ?? '', /application\/problem\+json/);
    assert.equal(res.body.code, 'ERR_HTTP_NOT_FOUND');
    assert.equal(res.body.correlationId, res.headers['x-correlation-id']);
  });

  it('sends security headers', async () => {
    const res = await request(app).get('/healthz');
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.ok(res.headers['content-security-policy']);
    assert.equal(res.headers['x-powered-by'], undefined);
  });

  it('logs the route pattern, never the requested path (paths may carry user ids)', async () => {
    await request(app).get('/ressources/Z0/0561534N/secret-user-id-123').expect(404);
    const text = sink.lines.join('');
    assert.ok(text.includes('"event":"http.request"'));
    assert.ok(!text.includes('secret-user-id-123'));
  });

  it('redacts personal data and secrets passed to the logger by mistake', () => {
    logger.info({
      event: 'test.redaction',
      personId: 'p-42',
      lastName: 'Lefèvre',
      password: 'hunter2',
      nested: { email: 'a@b.fr' },
    });
    const text = sink.lines.join('');
    for (const secret of ['p-42', 'Lefèvre', 'hunter2', 'a@b.fr']) assert.ok(!text.includes(secret), secret);
  });
});
