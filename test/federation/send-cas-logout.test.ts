/**
 * The back-channel logout sender (CAS protocol 3.0 §2.3.3): one form POST, best effort. It never
 * follows a redirect (the ticket would go to an address nobody registered), gives up at its
 * timeout, never rejects, and logs a failure with the service's origin only (never the ticket).
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { PassThrough } from 'node:stream';
import { pino } from 'pino';
import { createCasLogoutSender } from '../../src/federation/index.js';
import { sessionIndexOf } from '../support/cas-peer.js';

const ticket = `ST-${'x'.repeat(43)}`;

async function server(
  handler: (req: IncomingMessage, body: string, res: ServerResponse) => void,
): Promise<{ url: string; server: Server }> {
  const s = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      body += c;
    });
    req.on('end', () => handler(req, body, res));
  });
  await new Promise<void>((done) => s.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${(s.address() as { port: number }).port}`, server: s };
}

function capturedLogger(): { logger: pino.Logger; lines: () => Record<string, unknown>[] } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (c) => {
    text += String(c);
  });
  return {
    logger: pino({ level: 'debug' }, stream),
    lines: () =>
      text
        .trim()
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe('CAS back-channel logout sender', () => {
  const servers: Server[] = [];
  afterEach(() => {
    for (const s of servers.splice(0)) {
      s.closeAllConnections();
      s.close();
    }
  });

  it('POSTs application/x-www-form-urlencoded logoutRequest=<LogoutRequest, SessionIndex = the ticket>', async () => {
    let seen: { method?: string; type?: string; body: string } = { body: '' };
    const target = await server((req, body, res) => {
      seen = { method: req.method, type: req.headers['content-type'], body };
      res.end();
    });
    servers.push(target.server);
    const log = capturedLogger();
    await createCasLogoutSender({ timeoutMs: 2000, logger: log.logger })(`${target.url}/slo`, ticket, new Date());
    assert.equal(seen.method, 'POST');
    assert.equal(seen.type, 'application/x-www-form-urlencoded');
    assert.equal(sessionIndexOf(new URLSearchParams(seen.body).get('logoutRequest') ?? '').sessionIndex, ticket);
    assert.deepEqual(
      log.lines().map((l) => l['event']),
      ['cas.logout_sent'],
    );
  });

  it('does not follow a redirect (the ticket stays with the registered address) and logs the failure', async () => {
    let elsewhere = 0;
    const other = await server((_req, _body, res) => {
      elsewhere += 1;
      res.end();
    });
    const target = await server((_req, _body, res) => {
      res.writeHead(307, { location: `${other.url}/steal` }).end();
    });
    servers.push(other.server, target.server);
    const log = capturedLogger();
    await createCasLogoutSender({ timeoutMs: 2000, logger: log.logger })(`${target.url}/slo`, ticket, new Date());
    assert.equal(elsewhere, 0);
    assert.deepEqual(
      log.lines().map((l) => [l['event'], l['status']]),
      [['cas.logout_failed', 307]],
    );
  });

  it(
    'gives up at its timeout without rejecting, and a refused connection does not reject either; '
      + 'no log line holds the ticket',
    async () => {
      const silent = await server(() => undefined);
      servers.push(silent.server);
      const log = capturedLogger();
      const send = createCasLogoutSender({ timeoutMs: 200, logger: log.logger });
      const started = Date.now();
      await send(`${silent.url}/slo`, ticket, new Date());
      assert.ok(Date.now() - started < 2000);
      await send('http://127.0.0.1:1/slo', ticket, new Date());
      assert.deepEqual(
        log.lines().map((l) => l['event']),
        ['cas.logout_failed', 'cas.logout_failed'],
      );
      assert.equal(log.lines()[0]?.['service'], silent.url);
      assert.ok(!JSON.stringify(log.lines()).includes(ticket));
    },
  );
});
