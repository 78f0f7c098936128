/**
 * A cluster: two broker nodes on one database, with the same keys folder, pseudonym secret and
 * public URL, share the OpenID Provider of publishers (oidc_payload, oidc_client, cookie keys).
 */
import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import * as client from 'openid-client';
import { pino } from 'pino';
import { startBroker, type RunningBroker } from '../../src/compose/index.js';
import { pupilId, uai } from '../support/licensing-fixtures.js';
import { describeEachDialect } from '../support/each-dialect.js';
import { distributorA, resources, startFlowBroker, type FlowBroker } from '../support/flow-broker.js';
import { TestBrowser } from '../support/test-browser.js';
import { authorizationUrl, browse, oidcPublisher, redeem, type OidcPublisher } from '../support/oidc-publisher-peer.js';

const pupil = pupilId('6A', 1);

describeEachDialect('flow: one OpenID Provider over two broker nodes (cluster)', (dialect) => {
  let flow: FlowBroker;
  let second: RunningBroker;
  let secondUrl: string;
  let publisher: OidcPublisher;
  const logs: string[] = [];
  before(async function () {
    this.timeout(30000);
    flow = await startFlowBroker(dialect);
    const port = await freePort();
    // The same configuration (database, keys, pseudonym secret) and public URL: nodes behind one address.
    second = await startBroker(
      { ...flow.config, publicUrl: flow.broker.url, http: { ...flow.config.http, port } },
      pino(
        { level: 'info' },
        {
          write: (line: string) => {
            logs.push(line);
          },
        },
      ),
    );
    secondUrl = flow.broker.url.replace(/:\d+$/, `:${port}`);
    publisher = await oidcPublisher(flow, {
      clientId: 'editeur-a-cluster',
      distributorId: distributorA,
      auth: 'client_secret_basic',
    });
  });
  after(async () => {
    await second.close();
    await flow.close();
  });

  it('an authorization begun on one node gets its code on the other; the code is redeemed on the first', async () => {
    const browser = new TestBrowser();
    const started = await authorizationUrl(publisher, { idRessource: resources.maths });
    const trail: string[] = [];
    const hop = await browse(flow, browser, started.url, pupil, trail, (url) =>
      url.replace(flow.broker.url, secondUrl),
    );
    assert.ok(trail.some((l) => l.startsWith('https://ent.test/')));
    assert.ok(hop.location?.startsWith(publisher.redirectUri), hop.body.slice(0, 300));
    const { idToken, userinfo } = await redeem(publisher, hop.location as string, started);
    assert.deepEqual(userinfo['IDO'], [idToken.sub]);
    assert.deepEqual(userinfo['UAI'], [uai]);
  });

  it('logs its decisions on the node that made them, never a code, a token, a pseudonym or a person id', async () => {
    const browser = new TestBrowser();
    const started = await authorizationUrl(publisher, { idRessource: resources.maths });
    const toSecond = (url: string): string => url.replace(flow.broker.url, secondUrl);
    const hop = await browse(flow, browser, started.url, pupil, [], toSecond);
    // The publisher's back channel to the second node too (same issuer: the nodes share the public URL).
    publisher.config[client.customFetch] = (url, options) => fetch(toSecond(url), options as RequestInit);
    const { tokens, idToken } = await redeem(publisher, hop.location as string, started);
    const code = new URL(hop.location as string).searchParams.get('code') as string;
    const text = logs.join('');
    for (const event of ['login.oidc_granted', 'oidc.token_issued'])
      assert.match(text, new RegExp(`"event":"${event}"`), event);
    for (const secret of [code, tokens.access_token, tokens.id_token as string, idToken.sub, pupil])
      assert.ok(!text.includes(secret), 'nothing personal or secret');
  });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => {
    server.listen(0, '127.0.0.1', done);
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((done) => {
    server.close(() => done());
  });
  return port;
}
