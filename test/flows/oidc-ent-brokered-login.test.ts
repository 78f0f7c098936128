/**
 * Mixed flows with an ENT that is an OpenID Provider (played by oidc-provider, another
 * library than the broker's openid-client): OIDC ENT → SAML publisher (node-saml), → OIDC
 * publisher (openid-client), → CAS publisher, through the real composition root. Every protocol
 * must reach the same decision: the same IDO and release as the SAML ENT login of the same
 * person, the same refusal when the licence is missing. Then the callback's refusals, each shown
 * as a French page with its code, with no broker session opened.
 */
import assert from 'node:assert/strict';
import { registerCasService } from '../../src/federation/index.js';
import { createCasServiceStore, createOidcEntRegistry, createResourceStore } from '../../src/store/index.js';
import { validateTicket, ticketOf } from '../support/cas-peer.js';
import { describeEachDialect } from '../support/each-dialect.js';
import { mediacentreLink, resources, startFlowBroker, type FlowBroker } from '../support/flow-broker.js';
import { startForgedOidcProvider, type ForgedOidcProvider } from '../support/forged-oidc-provider.js';
import { entId, pupilId, uai } from '../support/licensing-fixtures.js';
import { startOidcEntPeer, type OidcEntPeer } from '../support/oidc-ent-peer.js';
import { authorizationUrl, oidcPublisher, redeem } from '../support/oidc-publisher-peer.js';
import { postedForm, TestBrowser, type Hop } from '../support/test-browser.js';
import { distributorA } from '../support/flow-broker.js';

const pupil = pupilId('6A', 1);
const casService = 'https://cas.publisher-a.test/maths';

describeEachDialect('flow: OIDC ENT → SAML, OIDC and CAS publishers', (dialect) => {
  let flow: FlowBroker;
  let ent: OidcEntPeer;
  /** The OpenID Providers the test browser follows (the broker's other hops leave for publishers). */
  const providers: string[] = [];
  before(async function () {
    this.timeout(30000);
    flow = await startFlowBroker(dialect);
    ent = await startOidcEntPeer({ redirectUri: `${flow.broker.url}/ent/oidc/callback` });
    providers.push(ent.issuer);
    const resourceStore = createResourceStore(flow.broker.store);
    await registerCasService(
      { serviceUrl: casService, idRessource: resources.maths },
      {
        store: createCasServiceStore(flow.broker.store),
        actor: 'test',
        now: new Date(),
        resourceExists: async (id: string) => (await resourceStore.findResource(id)) !== undefined,
      },
    );
  });
  after(async () => {
    await ent.close();
    await flow.close();
  });
  // The collège's ENT project logs in through the OIDC ENT (an OIDC registration wins over its SAML IdP).
  beforeEach(async () => {
    ent.user = { accountId: pupil };
    await registry().save(ent.registration(entId, { scope: 'openid' }), 'test', new Date());
  });

  const registry = () => createOidcEntRegistry(flow.broker.store);
  const sessions = async (): Promise<number> =>
    Number(
      (
        await flow.broker.store.db
          .selectFrom('broker_session')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  /** Follows redirects through the broker and the OIDC ENT; stops at the first hop that leaves both, or a page. */
  async function browse(browser: TestBrowser, url: string, trail: string[] = []): Promise<Hop> {
    let hop = await browser.get(url);
    for (let step = 0; step < 15; step += 1) {
      if (hop.status < 300 || hop.status >= 400 || hop.location === undefined) return hop;
      const next = new URL(hop.location, trail.at(-1) ?? url).href;
      trail.push(next);
      if (![flow.broker.url, ...providers].some((origin) => next.startsWith(origin))) return { ...hop, location: next };
      hop = await browser.get(next);
    }
    throw new Error(`too many redirects: ${trail.join(' → ')}`);
  }

  /** The SAML publisher A's leg from a browser with a broker session: its assertion as node-saml reads it. */
  async function samlProfile(browser: TestBrowser): Promise<Record<string, unknown>> {
    const hop = await browser.get(await flow.publisherA.saml.getAuthorizeUrlAsync('rs', undefined, {}));
    const form = postedForm(hop.body);
    assert.ok(form, hop.body.slice(0, 300));
    const { profile } = await flow.publisherA.saml.validatePostResponseAsync({
      SAMLResponse: form.fields.SAMLResponse as string,
    });
    assert.ok(profile);
    return profile as unknown as Record<string, unknown>;
  }

  /** The GAR attributes of a node-saml profile, as lists (node-saml gives one value as a string). */
  const garAttributes = (profile: Record<string, unknown>): Record<string, string[]> =>
    Object.fromEntries(
      Object.entries(profile)
        .filter(([name]) => /^[A-Z][A-Z0-9_]*$/.test(name))
        .map(([name, value]) => [name, Array.isArray(value) ? value.map(String) : [String(value)]]),
    );

  /** The same person through the SAML ENT (the OIDC registration removed): the reference release. */
  async function samlEntRelease(): Promise<Record<string, string[]>> {
    await registry().remove(entId, 'test', new Date());
    try {
      const browser = new TestBrowser();
      const toEnt = await browser.get(mediacentreLink(flow.broker.url, resources.maths));
      assert.match(toEnt.location ?? '', /^https:\/\/ent\.test\/sso\?SAMLRequest=/);
      const samlResponse = await flow.ent.answer(toEnt.location as string, flow.spMetadata, pupil);
      await browser.post(`${flow.broker.url}/saml/sp/acs`, { SAMLResponse: samlResponse });
      return garAttributes(await samlProfile(browser));
    } finally {
      await registry().save(ent.registration(entId, { scope: 'openid' }), 'test', new Date());
    }
  }

  it(
    "OIDC ENT → SAML publisher: médiacentre click → the ENT's OpenID Provider → callback → licence "
      + "→ resource → its assertion, equal to the SAML ENT login's release",
    async () => {
      const browser = new TestBrowser();
      const trail: string[] = [];
      const atResource = await browse(browser, mediacentreLink(flow.broker.url, resources.maths), trail);
      assert.ok(trail[0]?.startsWith(`${ent.issuer}/`), 'the broker sent the browser to the OIDC ENT');
      const authorize = new URL(trail[0] as string);
      assert.equal(authorize.searchParams.get('code_challenge_method'), 'S256');
      assert.ok(authorize.searchParams.get('state') && authorize.searchParams.get('nonce'), 'state and nonce');
      assert.ok(
        trail.some((u) => u.startsWith(`${flow.broker.url}/ent/oidc/callback?`)),
        'back through the callback',
      );
      assert.equal(atResource.location, 'https://publisher-a.test/maths');
      const viaOidcEnt = garAttributes(await samlProfile(browser));
      assert.equal(viaOidcEnt.UAI?.[0], uai);
      assert.deepEqual(
        viaOidcEnt,
        await samlEntRelease(),
        'the same IDO and release whichever protocol the ENT speaks',
      );
    },
  );

  it(
    'OIDC ENT → OIDC publisher: cold authorization → ENT → code; '
      + 'sub = the IDO a SAML publisher of the distributor gets, claims = its release',
    async () => {
      const publisher = await oidcPublisher(flow, {
        clientId: `mixed-oidc-${dialect}`,
        distributorId: distributorA,
        auth: 'client_secret_basic',
      });
      const started = await authorizationUrl(publisher, { idRessource: resources.maths });
      const browser = new TestBrowser();
      const trail: string[] = [];
      const atClient = await browse(browser, started.url, trail);
      assert.ok(
        trail.some((u) => u.startsWith(`${ent.issuer}/`)),
        'through the OIDC ENT',
      );
      assert.ok(atClient.location?.startsWith(`${publisher.redirectUri}?`), atClient.body.slice(0, 300));
      const { idToken, userinfo } = await redeem(publisher, atClient.location as string, started);
      const reference = await samlEntRelease();
      assert.equal(idToken.sub, reference.IDO?.[0]);
      for (const [name, values] of Object.entries(reference)) assert.deepEqual(userinfo[name], values, name);
    },
  );

  it(
    'OIDC ENT → CAS publisher: /cas/login without a session → ENT → ticket; '
      + 'serviceValidate gives the same IDO and release',
    async () => {
      const browser = new TestBrowser();
      const trail: string[] = [];
      const atService = await browse(
        browser,
        `${flow.broker.url}/cas/login?service=${encodeURIComponent(casService)}`,
        trail,
      );
      assert.ok(
        trail.some((u) => u.startsWith(`${ent.issuer}/`)),
        'through the OIDC ENT',
      );
      assert.ok(atService.location?.startsWith(`${casService}?ticket=ST-`), atService.location);
      const { answer } = await validateTicket(flow.broker.url, {
        service: casService,
        ticket: ticketOf(atService.location),
      });
      assert.equal(answer.kind, 'success', JSON.stringify(answer));
      const reference = await samlEntRelease();
      if (answer.kind !== 'success') return;
      assert.equal(answer.user, reference.IDO?.[0]);
      assert.deepEqual(answer.attributes, reference);
    },
  );

  it('licence missing through the OIDC ENT: the refusal page, as with SAML', async () => {
    const hop = await browse(new TestBrowser(), mediacentreLink(flow.broker.url, resources.unassigned));
    assert.equal(hop.status, 403);
    assert.equal(shownCode(hop), 'ERR_LOGIN_NOT_ENTITLED');
  });

  it('a user the directory does not know: ERR_LOGIN_USER_UNKNOWN, no session', async () => {
    ent.user = { accountId: 'inconnu-de-l-annuaire' };
    const before = await sessions();
    const hop = await browse(new TestBrowser(), mediacentreLink(flow.broker.url, resources.maths));
    assert.equal(shownCode(hop), 'ERR_LOGIN_USER_UNKNOWN');
    assert.equal(await sessions(), before);
  });

  describe('callback refusals (a clear page, no session)', () => {
    /** A browser stopped at the broker's callback, with the genuine callback URL not yet opened. */
    async function atCallback(): Promise<{ browser: TestBrowser; callback: string }> {
      const browser = new TestBrowser();
      let hop = await browser.get(mediacentreLink(flow.broker.url, resources.maths));
      for (let step = 0; step < 10; step += 1) {
        const next = new URL(hop.location as string, ent.issuer).href;
        if (next.startsWith(`${flow.broker.url}/ent/oidc/callback?`)) return { browser, callback: next };
        hop = await browser.get(next);
      }
      throw new Error('the ENT never sent the browser back');
    }

    async function refused(hop: Hop, code: string, before: number): Promise<void> {
      assert.ok(hop.status >= 400 && hop.status < 600, `an error page expected, got ${hop.status}`);
      assert.equal(shownCode(hop), code);
      assert.ok(!hop.setCookies.some((c) => c.startsWith('gar_session=')), 'no session cookie');
      assert.equal(await sessions(), before, 'no session row');
    }

    it('replayed callback (the same code and state twice): ERR_LOGIN_TRANSACTION_CONSUMED', async () => {
      const { browser, callback } = await atCallback();
      assert.equal((await browser.get(callback)).status, 302);
      await refused(await browser.get(callback), 'ERR_LOGIN_TRANSACTION_CONSUMED', await sessions());
    });

    it(
      'tampered state (a state no login of the broker sent): ERR_OIDC_ENT_STATE_MISMATCH, '
        + 'and the genuine callback still finishes the login',
      async () => {
        const { browser, callback } = await atCallback();
        const forged = new URL(callback);
        forged.searchParams.set('state', 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
        await refused(await browser.get(forged.href), 'ERR_OIDC_ENT_STATE_MISMATCH', await sessions());
        assert.equal((await browser.get(callback)).location, 'https://publisher-a.test/maths');
      },
    );

    it('callback without state: ERR_OIDC_ENT_STATE_MISMATCH', async () => {
      const { browser, callback } = await atCallback();
      const forged = new URL(callback);
      forged.searchParams.delete('state');
      await refused(await browser.get(forged.href), 'ERR_OIDC_ENT_STATE_MISMATCH', await sessions());
    });

    it(
      'callback with two states, its own and a forged one: ERR_OIDC_ENT_STATE_MISMATCH before the login is used, '
        + 'so the genuine callback still finishes it',
      async () => {
        const { browser, callback } = await atCallback();
        const forged = new URL(callback);
        forged.searchParams.append('state', 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
        await refused(await browser.get(forged.href), 'ERR_OIDC_ENT_STATE_MISMATCH', await sessions());
        assert.equal((await browser.get(callback)).location, 'https://publisher-a.test/maths');
      },
    );

    it(
      'callback opened in another browser (login CSRF): ERR_LOGIN_NO_BROWSER_BINDING, '
        + 'and the login stays usable by its own browser',
      async () => {
        const { browser, callback } = await atCallback();
        await refused(await new TestBrowser().get(callback), 'ERR_LOGIN_NO_BROWSER_BINDING', await sessions());
        assert.equal((await browser.get(callback)).location, 'https://publisher-a.test/maths');
      },
    );

    it('the provider answers error=access_denied: ERR_OIDC_ENT_ERROR', async () => {
      const { browser, callback } = await atCallback();
      const url = new URL(callback);
      const errored = new URL(`${url.origin}${url.pathname}`);
      errored.searchParams.set('error', 'access_denied');
      errored.searchParams.set('state', url.searchParams.get('state') as string);
      errored.searchParams.set('iss', ent.issuer);
      await refused(await browser.get(errored.href), 'ERR_OIDC_ENT_ERROR', await sessions());
    });
  });

  describe('a misbehaving provider, through the broker', () => {
    let forged: ForgedOidcProvider;
    before(async () => {
      forged = await startForgedOidcProvider();
      providers.push(forged.issuer);
    });
    after(async () => {
      await forged.close();
    });
    beforeEach(async () => {
      await registry().save(forged.registration(entId), 'test', new Date());
    });

    const cases: readonly [string, ForgedOidcProvider['idToken'], string][] = [
      [
        'ID token of another issuer',
        (c) => c.sign({ ...c.claims, iss: 'https://evil.test' }),
        'ERR_OIDC_ENT_ID_TOKEN_INVALID',
      ],
      [
        'ID token for another audience',
        (c) => c.sign({ ...c.claims, aud: 'another-client' }),
        'ERR_OIDC_ENT_ID_TOKEN_INVALID',
      ],
      [
        'expired ID token',
        (c) =>
          c.sign({ ...c.claims, exp: Math.floor(Date.now() / 1000) - 3600, iat: Math.floor(Date.now() / 1000) - 7200 }),
        'ERR_OIDC_ENT_ID_TOKEN_INVALID',
      ],
      [
        'unsigned ID token (alg none)',
        async (c) => `${b64({ alg: 'none' })}.${b64(c.claims)}.`,
        'ERR_OIDC_ENT_ID_TOKEN_INVALID',
      ],
      [
        'ID token of another login (nonce mismatch)',
        (c) => c.sign({ ...c.claims, nonce: 'another-nonce-value' }),
        'ERR_OIDC_ENT_NONCE_MISMATCH',
      ],
      [
        'ID token whose at_hash is not the hash of the access token it came with',
        (c) => c.sign({ ...c.claims, at_hash: 'hash-of-another-access-token' }),
        'ERR_OIDC_ENT_AT_HASH_MISMATCH',
      ],
    ];
    for (const [name, idToken, code] of cases) {
      it(`${name}: ${code}, no session`, async () => {
        forged.idToken = idToken;
        const before = await sessions();
        const hop = await browse(new TestBrowser(), mediacentreLink(flow.broker.url, resources.maths));
        assert.equal(shownCode(hop), code, hop.body.slice(0, 300));
        assert.equal(await sessions(), before);
      });
    }
  });
});

const b64 = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The code the French error page shows beside its correlation id. */
function shownCode(hop: Hop): string | undefined {
  return /\((ERR_[A-Z0-9_]+)\)<\/p>/.exec(hop.body)?.[1];
}
