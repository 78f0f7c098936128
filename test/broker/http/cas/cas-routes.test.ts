/**
 * `/cas/p3/serviceValidate` answers in the CAS wire format whatever happens (CAS protocol 3.0
 * §2.5.3 INTERNAL_ERROR): a store failure gives an XML (or JSON) failure, never an HTML page, and
 * never a cached answer; an unknown method on a CAS path gets the French page.
 */
import assert from 'node:assert/strict';
import { pino } from 'pino';
import request from 'supertest';
import type { LoginDeps } from '../../../../src/broker/index.js';
import { systemClock } from '../../../../src/core/clock.js';
import { casRoutes } from '../../../../src/broker/index.js';
import { createApp } from '../../../../src/http/index.js';
import { readJsonAnswer, readXmlAnswer } from '../../../support/cas-peer.js';

const logger = pino({ level: 'silent' });
const broken = {
  cas: {
    tickets: {
      consume: async () => {
        throw new Error('database unreachable');
      },
    },
    services: { find: async () => undefined },
    ticketSeconds: 10,
    sendLogout: async () => undefined,
  },
} as unknown as LoginDeps;
const app = createApp({
  logger,
  trustProxy: false,
  readiness: async () => ({ ready: true, checks: {} }),
  mounts: [{ path: '/cas', router: casRoutes({ flow: broken, clock: systemClock, logger }) }],
});
const query = `service=${encodeURIComponent('https://cas.editeur.test/app')}&ticket=ST-${'A'.repeat(43)}`;

describe('CAS routes when the broker fails', () => {
  it('a store failure during validation: INTERNAL_ERROR in XML, status 200, no-store', async () => {
    const res = await request(app).get(`/cas/p3/serviceValidate?${query}`);
    assert.equal(res.status, 200);
    assert.match(res.headers['content-type'] ?? '', /^application\/xml/);
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.equal(
      readXmlAnswer(res.text).kind === 'failure' && (readXmlAnswer(res.text) as { code: string }).code,
      'INTERNAL_ERROR',
    );
    assert.doesNotMatch(res.text, /database unreachable/);
  });

  it('the same in JSON with format=JSON', async () => {
    const res = await request(app).get(`/cas/p3/serviceValidate?${query}&format=JSON`);
    assert.match(res.headers['content-type'] ?? '', /^application\/json/);
    assert.deepEqual(readJsonAnswer(res.text), {
      kind: 'failure',
      code: 'INTERNAL_ERROR',
      description: 'Erreur interne du service de connexion.',
    });
  });

  it('POST /cas/login (credential acceptor, not offered): a French 405 page', async () => {
    const res = await request(app).post('/cas/login');
    assert.equal(res.status, 405);
    assert.match(res.text, /ERR_LOGIN_METHOD/);
  });
});
