/**
 * Front-Channel Logout 1.0, the broker's side (readOidcFrontChannelLogout): which registered ENT
 * provider logged out, and which of its sessions when it says so.
 */
import assert from 'node:assert/strict';
import type { OidcEntRegistration } from '../../src/idp-bridge/index.js';
import { readOidcFrontChannelLogout } from '../../src/idp-bridge/read-oidc-front-channel-logout.js';
import { thrownCode } from '../support/thrown-code.js';

describe('readOidcFrontChannelLogout: a front-channel logout of an ENT provider', () => {
  const registration = (entId: string, issuer: string): OidcEntRegistration => ({
    entId,
    issuer,
    clientId: 'gar-broker',
    tokenAuthMethod: 'client_secret_basic',
    scope: 'openid',
    userIdClaim: 'sub',
    useUserinfo: false,
  });
  const registrations = [
    registration('ENT-A', 'https://ent-a.example/oidc'),
    registration('ENT-B', 'https://ent-b.example'),
    registration('ENT-A2', 'https://ent-a.example/oidc'),
  ];

  it('names the ENT projects of the issuer, and the session when sid is given', () => {
    assert.deepEqual(readOidcFrontChannelLogout(registrations, { iss: 'https://ent-b.example', sid: 'sess-1' }), {
      entId: 'ENT-B',
      entIds: ['ENT-B'],
      issuer: 'https://ent-b.example',
      sid: 'sess-1',
    });
    assert.deepEqual(
      readOidcFrontChannelLogout(registrations, { iss: 'https://ent-a.example/oidc', sid: 's' }).entIds,
      ['ENT-A', 'ENT-A2'],
    );
  });

  it("without sid, names the issuer only: the broker then ends the browser's own session of that ENT", () => {
    assert.deepEqual(readOidcFrontChannelLogout(registrations, { iss: 'https://ent-b.example' }), {
      entId: 'ENT-B',
      entIds: ['ENT-B'],
      issuer: 'https://ent-b.example',
    });
  });

  const b = 'https://ent-b.example';
  const refusals: readonly [string, { iss?: string; sid?: string }, string][] = [
    ['neither iss nor sid', {}, 'UNNAMED'],
    ['a sid without its issuer', { sid: 'sess-1' }, 'UNNAMED'],
    ['an unregistered issuer', { iss: 'https://evil.example', sid: 'sess-1' }, 'ISSUER_UNKNOWN'],
    ['an issuer differing by a trailing slash', { iss: `${b}/` }, 'ISSUER_UNKNOWN'],
    ['an empty sid', { iss: b, sid: '' }, 'SID_INVALID'],
    ['a sid of 256 characters', { iss: b, sid: 's'.repeat(256) }, 'SID_INVALID'],
    ['a sid with a control character', { iss: b, sid: 'a\nb' }, 'SID_INVALID'],
  ];
  for (const [what, query, reason] of refusals) {
    const code = `ERR_OIDC_ENT_FRONT_LOGOUT_${reason}`;
    it(`refuses ${what} (${code})`, () => {
      assert.equal(
        thrownCode(() => readOidcFrontChannelLogout(registrations, query)),
        code,
      );
    });
  }
});
