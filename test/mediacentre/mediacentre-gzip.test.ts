/**
 * When the médiacentre gzips (RFC 9110 §12.5.3): every success, whatever its size, when gzip is
 * acceptable (OPEN-ENT-NG's gar-connector gunzips every 200 body); errors plain unless identity
 * is refused (the same connector reads error bodies as plain JSON).
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { gunzipSync } from 'node:zlib';
import express from 'express';
import pino from 'pino';
import { fixedClock } from '../../src/core/clock.js';
import { fail } from '../../src/core/fail.js';
import { mediacentreRouter } from '../../src/mediacentre/index.js';
import { acceptsGzip, answerCoding } from '../../src/mediacentre/send-mediacentre-json.js';
import { partnerRequest, type PartnerAnswer } from '../support/partner-client.js';

describe('médiacentre: Accept-Encoding', () => {
  const cases: readonly (readonly [string | undefined, boolean])[] = [
    [undefined, false],
    ['', false],
    ['identity', false],
    ['br, deflate', false],
    ['gzip', true],
    ['GZIP', true],
    ['gzip, deflate', true],
    ['gzip, deflate, br', true],
    ['br;q=1.0, gzip;q=0.8', true],
    ['x-gzip', true],
    ['*', true],
    ['*;q=0.5', true],
    ['identity;q=0, *', true],
    ['gzip;q=0, *', false],
    ['*;q=0', false],
    ['gzip;q=0', false],
    ['gzip; q=0.000', false],
    ['gzip;Q=0', false],
    ['deflate, gzip;q=0', false],
    ['gzip;q=0.5, identity', false],
    ['gzip, identity;q=0.5', true],
    ['gzip;q=2', false],
    ['gzip;q=abc', false],
    ['gzipped', false],
  ];
  for (const [header, expected] of cases) {
    it(`a success: ${JSON.stringify(header)} → ${expected ? 'gzip' : 'plain'}`, () => {
      assert.equal(acceptsGzip(header), expected);
    });
  }

  const errorCases: readonly (readonly [string | undefined, 'gzip' | 'identity'])[] = [
    ['gzip, deflate', 'identity'],
    ['gzip', 'identity'],
    ['gzip, identity;q=0', 'gzip'],
    ['gzip, *;q=0', 'gzip'],
    ['identity;q=0', 'identity'],
    ['*;q=0', 'identity'],
  ];
  for (const [header, expected] of errorCases) {
    it(`an error: ${JSON.stringify(header)} → ${expected === 'gzip' ? 'gzip' : 'plain'}`, () => {
      assert.equal(answerCoding(header, 404), expected);
    });
  }
});

describe('médiacentre: encodings of the answers on the wire', () => {
  let server: Server;
  let url: string;
  const path = '/ws/mediacentre/ressources/B0/0561534N/sans-ressource';
  const ask = (p: string, headers: Record<string, string> = {}): Promise<PartnerAnswer> =>
    partnerRequest({ url }, { method: 'GET', path: p, headers: { accept: 'application/json', ...headers } });

  before(async () => {
    const app = express();
    app.use(
      '/ws/mediacentre',
      mediacentreRouter({
        listUserResources: async (q) => {
          if (q.personId === 'inconnu') throw fail('ERR_MEDIACENTRE_USER_UNKNOWN', 'Utilisateur inconnu.');
          return [];
        },
        listCatalogue: async () => [],
        authenticate: (_req, res, next) => {
          res.locals.partner = { kind: 'ent', id: 'B0' };
          next();
        },
        brokerUrl: () => 'https://broker.test',
        sourceLabel: 'Accessible via le broker',
        answerCacheMs: 60_000,
        clock: fixedClock(new Date('2026-11-28T10:00:00Z')),
        logger: pino({ level: 'silent' }),
      }),
    );
    server = app.listen(0, '127.0.0.1');
    await new Promise((done) => server.once('listening', done));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise((done) => server.close(done)));

  it("gzips an empty resource list (well under a kilobyte) when asked as OPEN-ENT-NG's connector asks", async () => {
    const answer = await ask(path, { 'accept-encoding': 'gzip, deflate' });
    assert.equal(answer.status, 200);
    assert.equal(answer.headers['content-encoding'], 'gzip');
    assert.equal(answer.headers.vary, 'Accept-Encoding');
    assert.equal(answer.headers['content-type'], 'application/json; charset=utf-8');
    assert.deepEqual(JSON.parse(gunzipSync(answer.body).toString('utf8')), { listeRessources: { ressource: [] } });
  });

  it('answers the same list plain without Accept-Encoding, then gzip again from the kept answer', async () => {
    const plain = await ask(path);
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(plain.headers.vary, 'Accept-Encoding');
    assert.deepEqual(JSON.parse(plain.text), { listeRessources: { ressource: [] } });
    const zipped = await ask(path, { 'accept-encoding': 'gzip' });
    assert.equal(zipped.headers['content-encoding'], 'gzip');
    assert.equal(gunzipSync(zipped.body).toString('utf8'), plain.text);
    const refused = await ask(path, { 'accept-encoding': 'gzip;q=0, deflate' });
    assert.equal(refused.headers['content-encoding'], undefined);
    assert.equal(refused.text, plain.text);
  });

  it('gzips a small catalogue too', async () => {
    const answer = await ask('/ws/mediacentre/ressourcesDiffusables', { 'accept-encoding': 'gzip' });
    assert.equal(answer.headers['content-encoding'], 'gzip');
    const [catalogue] = JSON.parse(gunzipSync(answer.body).toString('utf8')) as { ressourceDiffusable: unknown[] }[];
    assert.deepEqual(catalogue?.ressourceDiffusable, []);
  });

  it('keeps an error plain (the connector reads errors as plain JSON), gzip when identity is refused', async () => {
    const unknownUser = '/ws/mediacentre/ressources/B0/0561534N/inconnu';
    const plain = await ask(unknownUser, { 'accept-encoding': 'gzip, deflate' });
    assert.equal(plain.status, 404);
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(plain.headers.vary, 'Accept-Encoding');
    assert.equal((JSON.parse(plain.text) as { Erreur: { Code: string } }).Erreur.Code, 'ERR_MEDIACENTRE_USER_UNKNOWN');
    const zipped = await ask(unknownUser, { 'accept-encoding': 'gzip, identity;q=0' });
    assert.equal(zipped.status, 404);
    assert.equal(zipped.headers['content-encoding'], 'gzip');
    assert.equal(gunzipSync(zipped.body).toString('utf8'), plain.text);
  });
});
