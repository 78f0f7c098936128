/**
 * The login cookies' attributes: HttpOnly always; `Secure; SameSite=None` unless the composition
 * recorded a plain-http public URL on the app, then `SameSite=Lax` without Secure.
 */
import assert from 'node:assert/strict';
import express from 'express';
import request from 'supertest';
import { writeCookies } from '../../../../src/broker/http/login/browser-cookies.js';
import { recordCookieSecurity } from '../../../../src/core/cookie-security.js';

async function setCookies(secure: boolean | undefined): Promise<string[]> {
  const app = express();
  if (secure !== undefined) recordCookieSecurity(app, secure);
  app.get('/', (_req, res) => {
    writeCookies(res, [
      { name: 'gar_session', value: 'abc' },
      { name: 'gar_intent', value: 'def', maxAgeSeconds: 600 },
      { name: 'gar_login', value: undefined },
    ]);
    res.end();
  });
  return ([] as string[]).concat((await request(app).get('/')).headers['set-cookie'] ?? []);
}

describe('login cookies on the wire', () => {
  it('are Secure and SameSite=None on an https public URL, and on an app that recorded nothing', async () => {
    for (const secure of [true, undefined]) {
      assert.deepEqual(await setCookies(secure), [
        'gar_session=abc; Path=/; HttpOnly; Secure; SameSite=None',
        'gar_intent=def; Path=/; HttpOnly; Secure; SameSite=None; Max-Age=600',
        'gar_login=; Path=/; HttpOnly; Secure; SameSite=None; Max-Age=0',
      ]);
    }
  });

  it('drop Secure, and SameSite=None with it (browsers refuse None without Secure), on a plain-http one', async () => {
    assert.deepEqual(await setCookies(false), [
      'gar_session=abc; Path=/; HttpOnly; SameSite=Lax',
      'gar_intent=def; Path=/; HttpOnly; SameSite=Lax; Max-Age=600',
      'gar_login=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0',
    ]);
  });
});
