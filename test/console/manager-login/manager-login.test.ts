/**
 * Licence managers log into the console through their ENT, on the real composition root
 * (test/support/flow-broker.ts) with a samlify ENT: IdP-initiated (GAR's model) and SP-initiated
 * logins open a session showing exactly the manager's establishments; every refusal answers 4xx
 * with its code, sets no session cookie and writes no console_session row.
 */
import assert from 'node:assert/strict';
import { registerSamlPartner } from '../../../src/federation/index.js';
import { createSamlPartnerStore } from '../../../src/store/index.js';
import { describeEachDialect } from '../../support/each-dialect.js';
import { mediacentreLink, resources, startFlowBroker, type FlowBroker } from '../../support/flow-broker.js';
import { entId, otherUai, pupilId, uai } from '../../support/licensing-fixtures.js';
import { peerKey } from '../../support/saml-flow-peers.js';
import { TestBrowser } from '../../support/test-browser.js';
import {
  authnRequestOf,
  consoleEnt,
  CrossSiteBrowser,
  type ConsoleEnt,
  type Hop,
  type ResponseChanges,
} from './console-login-peers.js';

const manager = 'dir-1';
const pupil = pupilId('6A', 1);

describeEachDialect('console: licence managers log in through their ENT', (dialect) => {
  let flow: FlowBroker;
  let ent: ConsoleEnt;
  let otherEnt: ConsoleEnt;
  let consoleMetadata: string;
  const url = (path: string): string => `${flow.broker.url}${path}`;

  before(async function () {
    this.timeout(60000);
    flow = await startFlowBroker(dialect);
    // The ENT of project Z0 as registered by the flow broker (same entityID and key), and an IdP of another project.
    ent = consoleEnt(flow.keys.ent, flow.ent.entityId);
    otherEnt = consoleEnt(peerKey('ENT Z1'), 'https://ent-z1.test/idp');
    await registerSamlPartner(
      { role: 'idp', entId: 'Z1', source: { kind: 'cli' }, metadataXml: otherEnt.metadataXml },
      { store: createSamlPartnerStore(flow.broker.store), now: new Date(), actor: 'test' },
    );
    // dir-1 manages the collège `uai` only; the feed knows otherUai too.
    await flow.broker.store.db
      .insertInto('manager')
      .values({
        ent_id: entId,
        degree: '2D',
        person_id: manager,
        last_name: 'Martin',
        first_name: 'Claire',
        civility: null,
        mails: '[]',
        establishments: JSON.stringify([uai]),
        record_hash: 'h',
        departed_at: null,
        updated_at: new Date().toISOString(),
      })
      .execute();
    await flow.broker.store.db
      .insertInto('manager_establishment')
      .values({ ent_id: entId, degree: '2D', person_id: manager, uai })
      .execute();
    consoleMetadata = await (await fetch(url('/console/saml/metadata'))).text();
  });
  after(async () => {
    await flow.close();
  });

  const sessionRows = async (): Promise<number> =>
    Number(
      (
        await flow.broker.store.db
          .selectFrom('console_session')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const acs = (browser: CrossSiteBrowser, samlResponse: string): Promise<Hop> =>
    browser.postFromEnt(url('/console/saml/acs'), { SAMLResponse: samlResponse });
  /**
   * The answer to an SP-initiated login. The flow broker's public URL is plain http, so the
   * binding cookie is SameSite=Lax (core/cookie-security.ts): a browser sends it on the ENT's
   * post only from the broker's host, here another port of it (cross-site needs an https URL).
   */
  const spAcs = (browser: CrossSiteBrowser, samlResponse: string): Promise<Hop> => {
    const ent = new URL(flow.broker.url);
    ent.port = String(Number(ent.port) + 1);
    return browser.postFromEnt(url('/console/saml/acs'), { SAMLResponse: samlResponse }, ent.origin);
  };
  const idpInitiated = (user: string, changes: ResponseChanges = {}, by: ConsoleEnt = ent): Promise<string> =>
    by.respond(consoleMetadata, user, changes);
  const edit = (b64: string, change: (xml: string) => string): string =>
    Buffer.from(change(Buffer.from(b64, 'base64').toString('utf8'))).toString('base64');

  /** The manager's home after the interstitial page: the establishments it links to. */
  async function homeEstablishments(browser: CrossSiteBrowser): Promise<string[]> {
    const home = await browser.get(url('/console/'));
    assert.equal(home.status, 200);
    return [...home.body.matchAll(/href="\/console\/etablissements\/([^"/]+)"/g)]
      .map((m) => decodeURIComponent(m[1] as string))
      .sort();
  }

  function assertInterstitial(hop: Hop): void {
    assert.equal(hop.status, 200);
    assert.match(hop.body, /<meta http-equiv="refresh" content="0; url=\/console\/">/);
    assert.match(hop.body, /<a [^>]*href="\/console\/"/);
    assert.doesNotMatch(hop.body, /<script/);
    const cookie = hop.setCookies.find((c) => c.startsWith('gar_console='));
    assert.ok(cookie !== undefined && /SameSite=Strict/.test(cookie), 'a SameSite=Strict session cookie');
  }

  async function refused(hop: Hop, code: string, rowsBefore: number): Promise<void> {
    assert.ok(hop.status >= 400 && hop.status < 500, `4xx expected, got ${hop.status}`);
    assert.equal(/\((ERR_[A-Z0-9_]+)\)<\/p>/.exec(hop.body)?.[1], code);
    assert.ok(!hop.setCookies.some((c) => c.startsWith('gar_console=')), 'no session cookie');
    assert.equal(await sessionRows(), rowsBefore, 'no console_session row');
  }

  /** SP-initiated: the browser asks the console to log in at Z0; returns the ENT redirect. */
  async function startSpLogin(browser: CrossSiteBrowser): Promise<string> {
    const hop = await browser.get(url(`/console/saml/login?idENT=${entId}`));
    assert.equal(hop.status, 302);
    return hop.location as string;
  }

  describe('the console SP', () => {
    it('serves its metadata: its own entityID and its ACS, HTTP-POST', async () => {
      assert.match(consoleMetadata, new RegExp(`entityID="${url('/console/saml/metadata')}"`));
      assert.match(
        consoleMetadata,
        new RegExp(`Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${url('/console/saml/acs')}"`),
      );
      assert.doesNotMatch(consoleMetadata, /\/saml\/sp\/acs/);
    });
  });

  describe('accepted', () => {
    it("IdP-initiated: the interstitial page, then /console/ lists exactly the manager's establishments", async () => {
      const browser = new CrossSiteBrowser();
      const before = await sessionRows();
      assertInterstitial(await acs(browser, await idpInitiated(manager)));
      assert.equal(await sessionRows(), before + 1);
      assert.deepEqual(await homeEstablishments(browser), [uai]);
      assert.ok(!(await homeEstablishments(browser)).includes(otherUai));
    });

    it('SP-initiated: a signed AuthnRequest from the console SP to the ENT, its answer opens the session', async () => {
      const browser = new CrossSiteBrowser();
      const redirect = await startSpLogin(browser);
      assert.ok(redirect.startsWith('https://ent.test/sso?'));
      assert.ok(new URL(redirect).searchParams.has('Signature'));
      const request = authnRequestOf(redirect);
      assert.match(request, new RegExp(`<saml:Issuer>${url('/console/saml/metadata')}</saml:Issuer>`));
      assert.match(request, new RegExp(`AssertionConsumerServiceURL="${url('/console/saml/acs')}"`));
      // Plain http: Lax (None with Secure over https: test/compose/cookie-security.test.ts).
      assert.equal(browser.cookies.get('gar_console_login')?.sameSite, 'lax');
      const samlResponse = await flow.ent.answer(redirect, consoleMetadata, manager);
      assertInterstitial(await spAcs(browser, samlResponse));
      assert.deepEqual(await homeEstablishments(browser), [uai]);
    });
  });

  describe('refused', () => {
    const cases: ReadonlyArray<readonly [string, string, () => Promise<string>]> = [
      [
        "wrong audience: the brokered login's SP entityID",
        'ERR_SAML_RESPONSE_AUDIENCE',
        () => idpInitiated(manager, { audience: url('/saml/sp/metadata') }),
      ],
      [
        "wrong destination: the brokered login's ACS",
        'ERR_SAML_RESPONSE_DESTINATION',
        () => idpInitiated(manager, { destination: url('/saml/sp/acs') }),
      ],
      ['expired', 'ERR_SAML_RESPONSE_EXPIRED', () => idpInitiated(manager, { issuedAt: -180, notOnOrAfter: -90 })],
      [
        'stale IssueInstant (unsolicited, older than skew + five minutes)',
        'ERR_SAML_RESPONSE_STALE',
        () => idpInitiated(manager, { issuedAt: -420, notOnOrAfter: 300 }),
      ],
      [
        'unsigned',
        'ERR_SAML_RESPONSE_UNSIGNED',
        async () =>
          edit(await idpInitiated(manager), (xml) => xml.replace(/<ds:Signature[\s\S]*?<\/ds:Signature>/g, '')),
      ],
      ['an ENT user who is not a manager', 'ERR_CONSOLE_NOT_A_MANAGER', () => idpInitiated(pupil)],
      [
        'an IdP of another ENT project claiming a manager of this one',
        'ERR_CONSOLE_NOT_A_MANAGER',
        () => idpInitiated(manager, {}, otherEnt),
      ],
    ];
    for (const [name, code, response] of cases) {
      it(name, async () => {
        const before = await sessionRows();
        await refused(await acs(new CrossSiteBrowser(), await response()), code, before);
      });
    }

    it('SP-initiated to an ENT project without an IdP: no transaction, no redirect', async () => {
      const count = async (): Promise<number> =>
        Number(
          (
            await flow.broker.store.db
              .selectFrom('login_transaction')
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      const [before, rows] = [await count(), await sessionRows()];
      const browser = new CrossSiteBrowser();
      await refused(await browser.get(url('/console/saml/login?idENT=XX')), 'ERR_LOGIN_ENT_UNKNOWN', rows);
      assert.equal(await count(), before);
      assert.equal(browser.cookies.has('gar_console_login'), false);
    });

    it('replayed: the same IdP-initiated Response posted twice', async () => {
      const samlResponse = await idpInitiated(manager);
      assertInterstitial(await acs(new CrossSiteBrowser(), samlResponse));
      const before = await sessionRows();
      await refused(await acs(new CrossSiteBrowser(), samlResponse), 'ERR_LOGIN_ASSERTION_REPLAYED', before);
    });

    it("InResponseTo of another browser's login", async () => {
      const samlResponse = await flow.ent.answer(await startSpLogin(new CrossSiteBrowser()), consoleMetadata, manager);
      const other = new CrossSiteBrowser();
      await startSpLogin(other);
      const before = await sessionRows();
      await refused(await spAcs(other, samlResponse), 'ERR_LOGIN_TRANSACTION_OTHER_BROWSER', before);
    });

    it('InResponseTo, from a browser without the login cookie', async () => {
      const samlResponse = await flow.ent.answer(await startSpLogin(new CrossSiteBrowser()), consoleMetadata, manager);
      const before = await sessionRows();
      await refused(await spAcs(new CrossSiteBrowser(), samlResponse), 'ERR_LOGIN_NO_BROWSER_BINDING', before);
    });

    it('InResponseTo of a login sent to Z0, answered by the IdP of Z1', async () => {
      const browser = new CrossSiteBrowser();
      const requestId = /ID="([^"]+)"/.exec(authnRequestOf(await startSpLogin(browser)))?.[1];
      const before = await sessionRows();
      await refused(
        await spAcs(browser, await idpInitiated(manager, { inResponseTo: requestId as string }, otherEnt)),
        'ERR_LOGIN_IDP_MISMATCH',
        before,
      );
    });

    it("the brokered login's ACS still refuses an unsolicited Response", async () => {
      const browser = new TestBrowser();
      await browser.get(mediacentreLink(flow.broker.url, resources.maths));
      const samlResponse = await ent.respond(flow.spMetadata, pupil);
      const sessions = async (): Promise<number> =>
        Number(
          (
            await flow.broker.store.db
              .selectFrom('broker_session')
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      const before = await sessions();
      const hop = await browser.post(url('/saml/sp/acs'), { SAMLResponse: samlResponse });
      assert.equal(hop.status, 400);
      assert.equal(/\((ERR_[A-Z0-9_]+)\)<\/p>/.exec(hop.body)?.[1], 'ERR_SAML_RESPONSE_UNSOLICITED');
      assert.ok(!hop.setCookies.some((c) => c.startsWith('gar_session=')));
      assert.equal(await sessions(), before);
    });
  });
});
