/**
 * gar-reference §4, OIDC: a publisher (openid-client) against the broker's OpenID Provider at
 * `/oidc`, the ENT a samlify IdP, the browser a cookie jar that follows each hop; on SQLite and
 * PostgreSQL through the real composition root.
 */
import assert from 'node:assert/strict';
import * as client from 'openid-client';
import { registerSamlPartner } from '../../src/federation/index.js';
import { createContractStore, createOidcClientStore, createSamlPartnerStore } from '../../src/store/index.js';
import { pupilId, uai } from '../support/licensing-fixtures.js';
import { describeEachDialect } from '../support/each-dialect.js';
import {
  distributorA,
  distributorB,
  mediacentreLink,
  resources,
  startFlowBroker,
  type FlowBroker,
} from '../support/flow-broker.js';
import { postedForm, TestBrowser } from '../support/test-browser.js';
import { peerKey, testEnt } from '../support/saml-flow-peers.js';
import {
  addOidcResources,
  authorizationUrl,
  browse,
  oidcPublisher,
  redeem,
  type OidcPublisher,
} from '../support/oidc-publisher-peer.js';

const pupil = pupilId('6A', 1);
/** Resources served by the OIDC clients themselves (their `fournisseurService` is the client id). */
const oidcServed = {
  first: 'ark:/86527/oidc-premiere',
  second: 'ark:/86527/oidc-seconde',
  only: 'ark:/86527/oidc-seule',
} as const;

describeEachDialect('flow: OIDC publisher (§4)', (dialect) => {
  let flow: FlowBroker;
  let basic: OidcPublisher;
  let jwt: OidcPublisher;
  let post: OidcPublisher;
  before(async function () {
    this.timeout(30000);
    flow = await startFlowBroker(dialect);
    basic = await oidcPublisher(flow, {
      clientId: 'editeur-a-oidc',
      distributorId: distributorA,
      auth: 'client_secret_basic',
    });
    jwt = await oidcPublisher(flow, {
      clientId: 'editeur-a-jwt',
      distributorId: distributorA,
      auth: 'private_key_jwt',
    });
    post = await oidcPublisher(flow, {
      clientId: 'editeur-b-post',
      distributorId: distributorB,
      auth: 'client_secret_post',
    });
    await addOidcResources(flow, [
      { idRessource: oidcServed.first, clientId: basic.clientId, distributorId: distributorA },
      { idRessource: oidcServed.second, clientId: basic.clientId, distributorId: distributorA },
      { idRessource: oidcServed.only, clientId: jwt.clientId, distributorId: distributorA },
    ]);
    // French's contract now releases NOM only: two resources, two releases.
    const contracts = createContractStore(flow.broker.store);
    const audit = { actor: 'test', at: new Date(), correlationId: 'c-oidc' };
    await contracts.submitContract(
      { idRessource: resources.french, version: 2, finalite: 'Tests OIDC.', attributs: ['NOM'] },
      audit,
    );
    await contracts.approveContract(resources.french, 2, audit);
  });
  after(async () => {
    await flow.close();
  });

  /** The authorization request through broker and ENT; returns the publisher's callback URL. */
  async function authorize(
    browser: TestBrowser,
    publisher: OidcPublisher,
    params: Record<string, string>,
    trail: string[] = [],
  ) {
    const started = await authorizationUrl(publisher, params);
    const hop = await browse(flow, browser, started.url, pupil, trail);
    return { started, hop };
  }

  it(
    'SAML ENT → OIDC publisher: code, ID token and userinfo carry the SAML release '
      + 'under the same names; sub = IDO',
    async () => {
      const browser = new TestBrowser();
      const trail: string[] = [];
      const { started, hop } = await authorize(browser, basic, { idRessource: resources.maths }, trail);
      assert.ok(
        trail.some((l) => l.startsWith('https://ent.test/sso')),
        'went through the ENT',
      );
      assert.ok(hop.location?.startsWith(basic.redirectUri), `${hop.status} ${hop.body.slice(0, 300)}`);
      const { idToken, userinfo } = await redeem(basic, hop.location as string, started);
      assert.match(idToken.sub, /^[0-9a-f]{128}$/);
      assert.deepEqual(userinfo['IDO'], [idToken.sub]);
      assert.deepEqual(userinfo['UAI'], [uai]);
      assert.deepEqual(userinfo['PRO'], ['National_elv']);
      assert.deepEqual(userinfo['DIV'], ['6A##6A']);
      assert.deepEqual(idToken['UAI'], [uai], 'the release is in the signed ID token too');

      // The same pupil through the SAML publisher of the same distributor (after a médiacentre click
      // on the same resource, which names it): the same IDO and values.
      assert.equal((await browser.get(mediacentreLink(flow.broker.url, resources.maths))).status, 302);
      const samlHop = await browser.get(await flow.publisherA.saml.getAuthorizeUrlAsync('rs', undefined, {}));
      const form = postedForm(samlHop.body);
      assert.ok(form, samlHop.body.slice(0, 300));
      const { profile } = await flow.publisherA.saml.validatePostResponseAsync({
        SAMLResponse: form.fields['SAMLResponse'] as string,
      });
      assert.equal(profile?.['IDO'], idToken.sub);
      for (const name of ['UAI', 'PRO', 'NOM', 'PRE', 'DIV', 'E_MS4']) {
        const saml: unknown = profile?.[name];
        assert.deepEqual(userinfo[name], saml === undefined ? undefined : [saml].flat(), name);
      }
    },
  );

  it('a second authorization with the broker session needs no ENT round-trip (private_key_jwt client)', async () => {
    const browser = new TestBrowser();
    await authorize(browser, basic, { idRessource: resources.maths });
    const trail: string[] = [];
    const { started, hop } = await authorize(browser, jwt, { idRessource: resources.french }, trail);
    assert.ok(!trail.some((l) => l.startsWith('https://ent.test/')), 'no ENT');
    assert.ok(hop.location?.startsWith(jwt.redirectUri), hop.body.slice(0, 300));
    const { idToken, userinfo } = await redeem(jwt, hop.location as string, started);
    assert.deepEqual(userinfo['IDO'], [idToken.sub]);
  });

  it('gives each authorization its own release: two resources, two grants, each token its own', async () => {
    const browser = new TestBrowser();
    const first = await authorize(browser, basic, { idRessource: resources.maths });
    const second = await authorize(browser, basic, { idRessource: resources.french });
    // Both codes redeemed after both authorizations: nothing is read from "the account's last release".
    const a = await redeem(basic, first.hop.location as string, first.started);
    const b = await redeem(basic, second.hop.location as string, second.started);
    assert.equal(a.idToken.sub, b.idToken.sub, 'one distributor, one IDO');
    assert.deepEqual(a.userinfo['DIV'], ['6A##6A']);
    assert.deepEqual(a.idToken['PRE'], ['Prénom']);
    assert.deepEqual(b.userinfo['NOM'], a.userinfo['NOM']);
    assert.equal(b.userinfo['DIV'], undefined, "french's contract releases no DIV");
    assert.equal(b.idToken['PRE'], undefined);
  });

  it('two distributors in one browser: two IDO, no second ENT round-trip (client_secret_post client)', async () => {
    const browser = new TestBrowser();
    const first = await authorize(browser, basic, { idRessource: resources.maths });
    const trail: string[] = [];
    const second = await authorize(browser, post, { idRessource: resources.atlas }, trail);
    assert.ok(!trail.some((l) => l.startsWith('https://ent.test/')), 'no ENT');
    assert.ok(second.hop.location?.startsWith(post.redirectUri), second.hop.body.slice(0, 300));
    const a = await redeem(basic, first.hop.location as string, first.started);
    const b = await redeem(post, second.hop.location as string, second.started);
    assert.notEqual(a.idToken.sub, b.idToken.sub);
    assert.deepEqual(b.userinfo['IDO'], [b.idToken.sub]);
  });

  it('prompt=login sends the browser to the ENT again, even with a broker session', async () => {
    const browser = new TestBrowser();
    await authorize(browser, basic, { idRessource: resources.maths });
    const trail: string[] = [];
    const { started, hop } = await authorize(browser, basic, { idRessource: resources.maths, prompt: 'login' }, trail);
    assert.ok(
      trail.some((l) => l.startsWith('https://ent.test/sso')),
      'through the ENT',
    );
    const { idToken } = await redeem(basic, hop.location as string, started);
    assert.ok(typeof idToken.auth_time === 'number');
  });

  it(
    "no idRessource: the client's only resource; "
      + 'else the one of the médiacentre click that led there (access intent)',
    async () => {
      const browser = new TestBrowser();
      const only = await authorize(browser, jwt, {});
      assert.ok(only.hop.location?.startsWith(jwt.redirectUri), only.hop.body.slice(0, 300));
      assert.deepEqual((await redeem(jwt, only.hop.location as string, only.started)).userinfo['UAI'], [uai]);
      // The click on the second of the basic client's two resources names it for its next authorization.
      const click = await browser.get(mediacentreLink(flow.broker.url, oidcServed.second));
      assert.equal(click.location, `https://${basic.clientId}.test/ressource`);
      const clicked = await authorize(browser, basic, {});
      assert.ok(clicked.hop.location?.startsWith(basic.redirectUri), clicked.hop.body.slice(0, 300));
      assert.ok(!browser.cookies.has('gar_intent'), 'the intent is used once');
      assert.equal((await authorize(browser, basic, {})).hop.status, 403, 'without it: two resources, ambiguous');
    },
  );

  it('no idRessource and no single resource of the client: the French page, no code', async () => {
    const { hop } = await authorize(new TestBrowser(), basic, {});
    assert.equal(hop.status, 403);
    assert.match(hop.body, /ERR_LOGIN_RESOURCE_AMBIGUOUS/);
  });

  it('scope without scope.gar: sub only, no GAR claim', async () => {
    const browser = new TestBrowser();
    const { started, hop } = await authorize(browser, basic, { idRessource: resources.maths, scope: 'openid' });
    const { idToken, userinfo } = await redeem(basic, hop.location as string, started);
    assert.deepEqual(Object.keys(userinfo), ['sub']);
    assert.equal(idToken['IDO'], undefined);
  });

  it('a licence missing (unassigned resource): the French page, no code', async () => {
    const browser = new TestBrowser();
    const { hop } = await authorize(browser, basic, { idRessource: resources.unassigned });
    assert.equal(hop.status, 403);
    assert.match(hop.body, /ERR_LOGIN_NOT_ENTITLED/);
    assert.ok(!(hop.location ?? '').includes('code='));
  });

  it('idRessource of another distributor: refused before the ENT, no code', async () => {
    const browser = new TestBrowser();
    const trail: string[] = [];
    const { hop } = await authorize(browser, basic, { idRessource: resources.atlas }, trail);
    assert.equal(hop.status, 403);
    assert.match(hop.body, /ERR_OIDC_RESOURCE_FORBIDDEN/);
    assert.ok(!trail.some((l) => l.startsWith('https://ent.test/')));
  });

  it('PKCE missing: refused at the redirect URI with invalid_request', async () => {
    const started = await authorizationUrl(basic, { idRessource: resources.maths }, false);
    const hop = await new TestBrowser().get(started.url);
    const location = new URL(hop.location ?? '', flow.broker.url);
    assert.equal(location.origin + location.pathname, basic.redirectUri);
    assert.equal(location.searchParams.get('error'), 'invalid_request');
    assert.equal(location.searchParams.get('code'), null);
  });

  it('serves the discovery document: issuer, endpoints, code only, S256, the GAR claims', async () => {
    const response = await fetch(`${flow.broker.url}/oidc/.well-known/openid-configuration`);
    assert.equal(response.status, 200);
    const doc = (await response.json()) as Record<string, unknown>;
    assert.equal(doc['issuer'], `${flow.broker.url}/oidc`);
    assert.equal(doc['authorization_endpoint'], `${flow.broker.url}/oidc/auth`);
    assert.equal(doc['token_endpoint'], `${flow.broker.url}/oidc/token`);
    assert.equal(doc['userinfo_endpoint'], `${flow.broker.url}/oidc/me`);
    assert.equal(doc['jwks_uri'], `${flow.broker.url}/oidc/jwks`);
    assert.deepEqual(doc['response_types_supported'], ['code']);
    assert.deepEqual(doc['code_challenge_methods_supported'], ['S256']);
    assert.deepEqual(doc['scopes_supported'], ['openid', 'scope.gar']);
    assert.deepEqual(doc['id_token_signing_alg_values_supported'], ['RS256']);
    assert.deepEqual(doc['token_endpoint_auth_methods_supported'], [
      'client_secret_basic',
      'client_secret_post',
      'private_key_jwt',
    ]);
    for (const code of ['IDO', 'UAI', 'PRO']) assert.ok((doc['claims_supported'] as string[]).includes(code), code);
    const jwks = (await (await fetch(String(doc['jwks_uri']))).json()) as { keys: Record<string, unknown>[] };
    assert.ok(jwks.keys.length >= 1);
    assert.ok(
      jwks.keys.every((k) => k['d'] === undefined && typeof k['kid'] === 'string'),
      'public keys only, with kid',
    );
  });

  it('an unknown client gets the French error page, not a redirect', async () => {
    const url = new URL(`${flow.broker.url}/oidc/auth`);
    url.search = new URLSearchParams({
      client_id: 'inconnu',
      redirect_uri: 'https://evil.test/cb',
      response_type: 'code',
      scope: 'openid',
    }).toString();
    const hop = await new TestBrowser().get(url.href);
    assert.equal(hop.status, 400);
    assert.equal(hop.location, undefined);
    assert.match(hop.body, /ERR_OIDC_FAILED/);
    assert.doesNotMatch(hop.body, /client/i);
  });

  it('a code is usable once', async () => {
    const browser = new TestBrowser();
    const { started, hop } = await authorize(browser, basic, { idRessource: resources.maths });
    const first = await redeem(basic, hop.location as string, started);
    await assert.rejects(
      redeem(basic, hop.location as string, started),
      (e: unknown) => e instanceof client.ResponseBodyError && e.error === 'invalid_grant',
    );
    // RFC 6749 §4.1.2: the tokens issued with a code presented twice are revoked.
    await assert.rejects(client.fetchUserInfo(basic.config, first.tokens.access_token, first.idToken.sub));
  });

  it('an interaction page without its authorization (no cookie, unknown uid): the French page', async () => {
    const hop = await new TestBrowser().get(`${flow.broker.url}/oidc/interaction/inconnu`);
    assert.equal(hop.status, 400);
    assert.match(hop.body, /ERR_OIDC_INTERACTION_UNKNOWN/);
  });

  it('a client removed after its authorization gets no token: clients are read from the store each time', async () => {
    const transient = await oidcPublisher(flow, {
      clientId: 'editeur-a-retire',
      distributorId: distributorA,
      auth: 'client_secret_basic',
    });
    const { started, hop } = await authorize(new TestBrowser(), transient, { idRessource: resources.maths });
    assert.ok(hop.location?.startsWith(transient.redirectUri));
    assert.equal(await createOidcClientStore(flow.broker.store).remove('editeur-a-retire', 'test', new Date()), true);
    await assert.rejects(
      redeem(transient, hop.location as string, started),
      (e: unknown) =>
        e instanceof client.WWWAuthenticateChallengeError && e.cause[0]?.parameters.error === 'invalid_client',
    );
  });

  it(
    'the discovery page when several ENTs are registered: '
      + 'the choice comes back to the interaction, then the ENT (runs last)',
    async () => {
      const other = testEnt(peerKey('other ENT'), { entityId: 'https://autre-ent.test/idp' });
      await registerSamlPartner(
        { role: 'idp', entId: 'Y9', source: { kind: 'cli' }, metadataXml: other.metadataXml },
        { store: createSamlPartnerStore(flow.broker.store), now: new Date(), actor: 'test' },
      );
      const browser = new TestBrowser();
      const started = await authorizationUrl(basic, { idRessource: resources.maths });
      const page = await browse(flow, browser, started.url, pupil);
      assert.equal(page.status, 200);
      assert.match(page.body, /Choisissez votre ENT/);
      assert.match(page.body, /idENT=Y9/);
      const link = /<a href="(\/oidc\/interaction\/[^"]+idENT=Z0)">/.exec(page.body)?.[1]?.replace(/&amp;/g, '&');
      assert.ok(link, page.body);
      const hop = await browse(flow, browser, `${flow.broker.url}${link}`, pupil);
      assert.ok(hop.location?.startsWith(basic.redirectUri), hop.body.slice(0, 300));
      const { userinfo } = await redeem(basic, hop.location as string, started);
      assert.deepEqual(userinfo['UAI'], [uai]);
    },
  );
});
