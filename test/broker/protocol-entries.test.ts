/**
 * Every publisher protocol enters the access decision the same way: with a broker session, the
 * OIDC interaction and the CAS login each open the click's sealed intent once, use its
 * establishment, and clear the cookie. Fake ports, no database, no HTTP.
 */
import assert from 'node:assert/strict';
import { answerOidcInteraction } from '../../src/broker/answer-oidc-interaction.js';
import { casLogin } from '../../src/broker/cas-login.js';
import type { BrokerSession, CasTicket, LoginDeps } from '../../src/broker/index.js';
import {
  clicked,
  ctx,
  distributor,
  fakeDeps,
  maths,
  now,
  person,
  secondUai,
  sp,
  type FakeDeps,
} from './fake-access-ports.js';

const sessionCookie = 'S'.repeat(43);
const serviceUrl = 'https://cas.editeur.test/app';

function loginDeps(access: FakeDeps, issued: CasTicket[]): LoginDeps {
  const session: BrokerSession = {
    idHash: 'h'.repeat(64),
    ...person,
    createdAt: now,
    confirmedAt: now,
    expiresAt: new Date(now.getTime() + 3600_000),
    idleExpiresAt: new Date(now.getTime() + 600_000),
  };
  return {
    ...access,
    sessions: { find: async () => session },
    session: { confirmSeconds: 600, confirmEveryMediacentreEntry: true, entsWithoutPassiveLogin: new Set() },
    cas: {
      services: { find: async (url: string) => (url === serviceUrl ? { serviceUrl, idRessource: maths } : undefined) },
      tickets: {
        issue: async (ticket: CasTicket) => {
          issued.push(ticket);
        },
      },
      ticketSeconds: 10,
      sendLogout: async () => undefined,
    },
  } as unknown as LoginDeps;
}

describe('publisher protocols enter the access decision the same way', () => {
  it('OIDC interaction: the intent opened once, its establishment in the release, the cookie cleared', async () => {
    const access = fakeDeps();
    const intent = clicked(access, { idRessource: maths, uai: secondUai, spEntityId: sp });
    const outcome = await answerOidcInteraction(
      loginDeps(access, []),
      ctx,
      {
        uid: 'uid-1',
        clientId: sp,
        distributorId: distributor,
      },
      { session: sessionCookie, intent },
    );
    assert.equal(outcome.kind, 'oidc-finish');
    assert.deepEqual(outcome.kind === 'oidc-finish' && outcome.claims['UAI'], [secondUai]);
    assert.deepEqual(outcome.cookies, [{ name: 'gar_intent' }]);
    assert.equal(access.intents.opened, 1);
  });

  it('CAS login: the intent opened once, the ticket admitted in its establishment, the cookie cleared', async () => {
    const access = fakeDeps();
    const issued: CasTicket[] = [];
    const intent = clicked(access, { idRessource: maths, uai: secondUai, spEntityId: serviceUrl });
    const cookies = { session: sessionCookie, intent };
    const outcome = await casLogin(loginDeps(access, issued), ctx, { service: serviceUrl }, cookies);
    assert.equal(outcome.kind, 'redirect');
    assert.deepEqual(
      issued.map((t) => t.uai),
      [secondUai],
    );
    assert.deepEqual(outcome.cookies, [{ name: 'gar_intent' }]);
    assert.equal(access.intents.opened, 1);
  });
});
