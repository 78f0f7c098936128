/**
 * Attacks on the two SAML endpoints through the real composition root, each named for what it
 * shows. Every one gets a 4xx page, opens no broker session and posts nothing to any publisher.
 * (Byte-level attacks on the messages themselves have their fixture corpora in
 * test/fixtures/saml/acs and test/fixtures/saml/sso, checked against trust directly.)
 */
import assert from 'node:assert/strict';
import { SAML } from '@node-saml/node-saml';
import { mediacentreLink, resources, startFlowBroker, type FlowBroker } from '../support/flow-broker.js';
import { pupilId } from '../support/licensing-fixtures.js';
import { peerKey, testEnt } from '../support/saml-flow-peers.js';
import { postedForm, TestBrowser, type Hop } from '../support/test-browser.js';

const pupil = pupilId('6A', 1);

describe('flow: SAML login refusals', function () {
  this.timeout(30000);
  let flow: FlowBroker;
  before(async () => {
    flow = await startFlowBroker();
  });
  after(async () => {
    await flow.close();
  });

  const sessions = async (): Promise<number> =>
    Number(
      (
        await flow.broker.store.db
          .selectFrom('broker_session')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  async function refused(hop: Hop, code: string, before: number): Promise<void> {
    assert.ok(hop.status >= 400 && hop.status < 500, `4xx expected, got ${hop.status}`);
    const shown = /\((ERR_[A-Z0-9_]+)\)<\/p>/.exec(hop.body)?.[1];
    assert.equal(shown, code);
    assert.equal(postedForm(hop.body), undefined, 'nothing posted to a publisher');
    assert.ok(!hop.setCookies.some((c) => c.startsWith('gar_session=')), 'no session cookie');
    assert.equal(await sessions(), before, 'no session row');
  }

  /** A browser at the ENT with a genuine Response for it, not yet posted. */
  async function genuineResponse(): Promise<{ browser: TestBrowser; samlResponse: string; redirect: string }> {
    const browser = new TestBrowser();
    const hop = await browser.get(mediacentreLink(flow.broker.url, resources.maths));
    const samlResponse = await flow.ent.answer(hop.location as string, flow.spMetadata, pupil);
    return { browser, samlResponse, redirect: hop.location as string };
  }

  const acs = (browser: TestBrowser, samlResponse: string) =>
    browser.post(`${flow.broker.url}/saml/sp/acs`, { SAMLResponse: samlResponse });
  const edit = (b64: string, change: (xml: string) => string): string =>
    Buffer.from(change(Buffer.from(b64, 'base64').toString('utf8'))).toString('base64');

  it('acs.replayed: the same Response posted twice', async () => {
    const { browser, samlResponse } = await genuineResponse();
    assert.equal((await acs(browser, samlResponse)).status, 302);
    const before = await sessions();
    await refused(await acs(browser, samlResponse), 'ERR_LOGIN_ASSERTION_REPLAYED', before);
  });

  it('acs.other-browser: a Response posted from a browser that did not start the login', async () => {
    const { samlResponse } = await genuineResponse();
    const before = await sessions();
    await refused(await acs(new TestBrowser(), samlResponse), 'ERR_LOGIN_NO_BROWSER_BINDING', before);
  });

  it('acs.signature-stripped: the Response without its signatures', async () => {
    const { browser, samlResponse } = await genuineResponse();
    const stripped = edit(samlResponse, (xml) => xml.replace(/<ds:Signature[\s\S]*?<\/ds:Signature>/g, ''));
    const before = await sessions();
    const hop = await acs(browser, stripped);
    await refused(hop, 'ERR_SAML_RESPONSE_UNSIGNED', before);
  });

  it("acs.signed-by-untrusted-key: an impostor IdP with the ENT's entityID", async () => {
    const { browser, redirect } = await genuineResponse();
    const impostor = testEnt(peerKey('impostor'));
    const forged = await impostor.answer(redirect, flow.spMetadata, pupil).catch(() => undefined);
    // samlify refuses to parse our request with the wrong keys only if it checks; either way the broker must refuse.
    if (forged === undefined) return assert.fail('the impostor could not build a response');
    const before = await sessions();
    await refused(await acs(browser, forged), 'ERR_XMLDSIG_INVALID', before);
  });

  it('acs.doctype: a Response with a DOCTYPE (XXE)', async () => {
    const { browser, samlResponse } = await genuineResponse();
    const evil = edit(
      samlResponse,
      (xml) => `<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>${xml.replace(/^<\?xml[^>]*>/, '')}`,
    );
    const before = await sessions();
    const hop = await acs(browser, evil);
    await refused(hop, 'ERR_XMLDSIG_DOCTYPE', before);
  });

  it('acs.unknown-issuer: a Response from an IdP nobody registered', async () => {
    const { browser, redirect } = await genuineResponse();
    const stranger = testEnt(peerKey('stranger'), { entityId: 'https://stranger.test/idp' });
    const forged = await stranger.answer(redirect, flow.spMetadata, pupil);
    const before = await sessions();
    await refused(await acs(browser, forged), 'ERR_LOGIN_IDP_UNKNOWN', before);
  });

  it('acs.not-base64: garbage in SAMLResponse', async () => {
    const before = await sessions();
    await refused(await acs(new TestBrowser(), '%%%not base64%%%'), 'ERR_SAML_MESSAGE_ENCODING', before);
  });

  function stranger(options: { issuer?: string; callbackUrl?: string; signed?: boolean }): SAML {
    const key = flow.keys.spA;
    return new SAML({
      callbackUrl: options.callbackUrl ?? flow.publisherA.acsUrl,
      entryPoint: `${flow.broker.url}/saml/idp/sso`,
      issuer: options.issuer ?? flow.publisherA.entityId,
      idpCert: flow.keys.ent.certPem,
      audience: false,
      ...(options.signed === false ? {} : { privateKey: key.keyPem }),
      signatureAlgorithm: 'sha256',
      disableRequestedAuthnContext: true,
    });
  }

  it('sso.unsigned-when-required: an AuthnRequest without signature', async () => {
    const before = await sessions();
    const url = await stranger({ signed: false }).getAuthorizeUrlAsync('', undefined, {});
    await refused(await new TestBrowser().get(url), 'ERR_SAML_REQUEST_UNSIGNED', before);
  });

  it('sso.unknown-sp: an AuthnRequest from an SP nobody registered', async () => {
    const before = await sessions();
    const url = await stranger({ issuer: 'https://stranger.test/sp' }).getAuthorizeUrlAsync('', undefined, {});
    await refused(await new TestBrowser().get(url), 'ERR_SAML_REQUEST_UNKNOWN_SP', before);
  });

  it('sso.acs-not-in-metadata: a registered SP asking for its answer elsewhere', async () => {
    const before = await sessions();
    const url = await stranger({ callbackUrl: 'https://evil.test/acs' }).getAuthorizeUrlAsync('', undefined, {});
    await refused(await new TestBrowser().get(url), 'ERR_SAML_REQUEST_ACS_UNKNOWN', before);
  });

  it("sso.signed-by-untrusted-key: an AuthnRequest in the SP's name signed with another key", async () => {
    const before = await sessions();
    const impostor = new SAML({
      callbackUrl: flow.publisherA.acsUrl,
      entryPoint: `${flow.broker.url}/saml/idp/sso`,
      issuer: flow.publisherA.entityId,
      idpCert: flow.keys.ent.certPem,
      privateKey: peerKey('impostor sp').keyPem,
      signatureAlgorithm: 'sha256',
      disableRequestedAuthnContext: true,
    });
    await refused(
      await new TestBrowser().get(await impostor.getAuthorizeUrlAsync('', undefined, {})),
      'ERR_SAML_REQUEST_SIGNATURE_INVALID',
      before,
    );
  });
});
