/**
 * The demo ENT's passive answers and single logout, against a stand-in broker SP built on
 * @node-saml/node-saml (no broker runs): a passive AuthnRequest is answered without any screen —
 * a signed NoPassive status when nobody is logged in, the current account's Response otherwise —;
 * « Se déconnecter » sends a signed LogoutRequest naming the last assertion's NameID and
 * SessionIndex, and the broker's LogoutResponse ends on the account page's message; a
 * LogoutRequest of the broker ends the session it names and is answered, signed.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SAML, ValidateInResponseTo, type Profile } from '@node-saml/node-saml';
import { pino } from 'pino';
import type { DemoUser } from '../../examples/demo-directory.js';
import { createDemoEnt, type DemoEnt } from '../../examples/demo-ent/demo-ent-app.js';
import { loadOrCreateDemoKey, type DemoKeyPair } from '../../examples/demo-keys.js';
import { postedForm, TestBrowser } from '../support/test-browser.js';
import {
  brokerSpMetadata,
  listenLocal,
  redirectParts,
  rootAttribute,
  samlNames,
  staticRoutes,
  type LocalServer,
} from './demo-logout-peers.js';

const user = (id: string, firstName: string): DemoUser => ({
  id,
  firstName,
  lastName: 'Test',
  profile: 'National_elv',
  classes: ['6A'],
  hint: 'compte de test',
});
const alice = user('ent-alice', 'Alice');
const bruno = user('ent-bruno', 'Bruno');
const entEntityId = 'urn:gar-broker-demo:ent';
const noPassive = 'urn:oasis:names:tc:SAML:2.0:status:NoPassive';

describe("examples: the demo ENT's passive answers and single logout (stand-in broker on node-saml)", function () {
  this.timeout(20000);
  let entServer: LocalServer;
  let brokerServer: LocalServer;
  let ent: DemoEnt;
  let entKey: DemoKeyPair;
  let brokerKey: DemoKeyPair;
  const brokerRoutes = new Map<string, readonly [string, string]>();
  const brokerSp = () => `${brokerServer.url}/saml/sp/metadata`;
  const brokerSlo = () => `${brokerServer.url}/saml/sp/slo`;
  const serveBrokerMetadata = (withSlo: boolean): void => {
    const xml = brokerSpMetadata({
      entityId: brokerSp(),
      acsUrl: `${brokerServer.url}/saml/sp/acs`,
      certPem: brokerKey.certPem,
      ...(withSlo ? { sloUrl: brokerSlo() } : {}),
    });
    brokerRoutes.set('/saml/sp/metadata', ['application/samlmetadata+xml', xml]);
  };
  /** The broker's SP as node-saml sees it: its requests signed, the ENT's answers verified. */
  const brokerSaml = (passive: boolean) =>
    new SAML({
      entryPoint: `${entServer.url}/saml/sso`,
      logoutUrl: `${entServer.url}/saml/slo`,
      issuer: brokerSp(),
      idpIssuer: entEntityId,
      callbackUrl: `${brokerServer.url}/saml/sp/acs`,
      audience: brokerSp(),
      idpCert: entKey.certPem,
      privateKey: brokerKey.keyPem,
      signatureAlgorithm: 'sha256',
      digestAlgorithm: 'sha256',
      passive,
      wantAssertionsSigned: true,
      wantAuthnResponseSigned: true,
      validateInResponseTo: ValidateInResponseTo.always,
      identifierFormat: samlNames.transient,
      disableRequestedAuthnContext: true,
    });

  before(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gar-demo-ent-logout-'));
    entKey = loadOrCreateDemoKey(dir, 'ent', 'ENT de test', 'saml-signing');
    brokerKey = loadOrCreateDemoKey(dir, 'broker', 'Courtier de test', 'saml-signing');
    [entServer, brokerServer] = await Promise.all([listenLocal(), listenLocal()]);
    brokerServer.handle(staticRoutes(brokerRoutes));
    serveBrokerMetadata(true);
    ent = createDemoEnt({
      entUrl: entServer.url,
      entityId: entEntityId,
      brokerUrl: brokerServer.url,
      entId: 'DEMO',
      key: entKey,
      establishment: { uai: '0999999X', name: 'Collège de test' },
      users: [alice, bruno],
      resources: [],
      logger: pino({ level: 'silent' }),
    });
    entServer.handle(ent.app);
  });
  beforeEach(() => {
    serveBrokerMetadata(true);
  });
  after(async () => {
    await Promise.all([entServer.close(), brokerServer.close()]);
  });

  it('declares its SingleLogoutService (HTTP-Redirect) in its metadata', () => {
    const slo = `SingleLogoutService Binding="${samlNames.redirect}" Location="${entServer.url}/saml/slo"`;
    assert.ok(ent.metadataXml.includes(slo), ent.metadataXml);
  });

  it('a passive request, nobody logged in: no screen, a signed Responder/NoPassive Response to the ACS', async () => {
    const saml = brokerSaml(true);
    const url = await saml.getAuthorizeUrlAsync('relais', undefined, {});
    const requestId = rootAttribute(redirectParts(url).xml, 'ID');
    const before = ent.passiveAnswered();
    const page = await new TestBrowser().get(url);
    assert.equal(page.status, 200, page.body.slice(0, 300));
    const form = postedForm(page.body);
    assert.ok(form, 'an auto-posting form, no account page');
    assert.equal(form.action, `${brokerServer.url}/saml/sp/acs`);
    assert.equal(form.fields['RelayState'], 'relais');
    const xml = Buffer.from(form.fields['SAMLResponse'] as string, 'base64').toString('utf8');
    assert.equal(rootAttribute(xml, 'InResponseTo'), requestId);
    assert.equal(rootAttribute(xml, 'Destination'), `${brokerServer.url}/saml/sp/acs`);
    const responder = '<samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Responder">';
    assert.ok(xml.includes(`${responder}<samlp:StatusCode Value="${noPassive}"/></samlp:StatusCode>`), xml);
    assert.doesNotMatch(xml, /Assertion/);
    // node-saml takes a NoPassive answer only when the ENT signed it ("Invalid signature: NoPassive" otherwise).
    const validated = await saml.validatePostResponseAsync({ SAMLResponse: form.fields['SAMLResponse'] as string });
    assert.deepEqual(validated, { profile: null, loggedOut: false });
    assert.equal(ent.passiveAnswered(), before + 1);
  });

  it('a passive request answers whoever is logged in now (after « Changer d’utilisateur… », the new one)', async () => {
    const browser = new TestBrowser();
    await logIn(browser, alice);
    const first = await answered(browser, brokerSaml(true));
    assert.equal(first['GARPersonIdentifiant'], alice.id);
    const switched = await browser.post(`${entServer.url}/changer-utilisateur`, { compte: bruno.id });
    assert.equal(switched.status, 303);
    assert.equal(switched.location, '/mediacentre');
    const second = await answered(browser, brokerSaml(true));
    assert.equal(second['GARPersonIdentifiant'], bruno.id);
    assert.notEqual(second.sessionIndex, first.sessionIndex, 'a new ENT session');
    const mediacentre = await browser.get(`${entServer.url}/mediacentre`);
    assert.match(mediacentre.body, /Bruno Test/);
    assert.match(mediacentre.body, /Changer d’utilisateur sans se déconnecter/);
  });

  it("« Se déconnecter »: a signed LogoutRequest naming the last assertion's NameID and SessionIndex", async () => {
    const browser = new TestBrowser();
    await logIn(browser, alice);
    const saml = brokerSaml(false);
    await answered(browser, saml);
    const last = await answered(browser, saml);
    const out = await browser.post(`${entServer.url}/deconnexion`, {});
    assert.equal(out.status, 302);
    assert.ok(out.location?.startsWith(`${brokerSlo()}?SAMLRequest=`), out.location);
    const { container, rawQuery, xml } = redirectParts(out.location as string);
    assert.ok(container['Signature'] !== undefined && container['SigAlg'] !== undefined, 'signed (Redirect binding)');
    assert.equal(rootAttribute(xml, 'Destination'), brokerSlo());
    const { profile, loggedOut } = await saml.validateRedirectAsync(container, rawQuery);
    assert.equal(loggedOut, true);
    assert.equal(profile?.nameID, last.nameID);
    assert.equal(profile?.sessionIndex, last.sessionIndex);
    assert.equal((await browser.get(`${entServer.url}/mediacentre`)).status, 303, 'the ENT session ended at once');
    const answer = await saml.getLogoutResponseUrlAsync(profile as Profile, '', {}, true);
    const back = await browser.get(answer);
    assert.equal(back.status, 303);
    assert.equal(back.location, '/?info=deconnexion');
    const page = await browser.get(`${entServer.url}${back.location}`);
    assert.match(page.body, /Vous êtes déconnecté de l’ENT et des ressources ouvertes depuis le courtier/);
    const twice = await browser.get(answer);
    assert.equal(twice.location, '/?info=deconnexion-non-confirmee', 'the same answer twice: not ours any more');
  });

  it("« Se déconnecter » before any resource, or without the broker's SingleLogoutService: the ENT only", async () => {
    const browser = new TestBrowser();
    await logIn(browser, alice);
    assert.equal((await browser.post(`${entServer.url}/deconnexion`, {})).location, '/?info=deconnexion-ent');
    await logIn(browser, alice);
    await answered(browser, brokerSaml(false));
    serveBrokerMetadata(false);
    const out = await browser.post(`${entServer.url}/deconnexion`, {});
    assert.equal(out.location, '/?info=deconnexion-sans-slo');
    const page = await browser.get(`${entServer.url}/?info=deconnexion-sans-slo`);
    assert.match(page.body, /n’annoncent pas de service de déconnexion/);
    assert.equal((await browser.get(`${entServer.url}/mediacentre`)).status, 303);
  });

  it('a signed LogoutRequest of the broker ends the session it names; a signed Success LogoutResponse', async () => {
    const browser = new TestBrowser();
    await logIn(browser, alice);
    const saml = brokerSaml(false);
    const profile = await answered(browser, saml);
    const request = await saml.getLogoutUrlAsync({ ...profile, nameIDFormat: samlNames.transient }, 'retour', {});
    const answer = await browser.get(request);
    assert.equal(answer.status, 302, answer.body.slice(0, 300));
    assert.ok(answer.location?.startsWith(`${brokerSlo()}?SAMLResponse=`), answer.location);
    const { container, rawQuery, xml } = redirectParts(answer.location as string);
    assert.ok(container['Signature'] !== undefined, 'signed');
    assert.equal(container['RelayState'], 'retour');
    assert.equal(rootAttribute(xml, 'Destination'), brokerSlo());
    assert.match(xml, /urn:oasis:names:tc:SAML:2\.0:status:Success/);
    assert.equal((await saml.validateRedirectAsync(container, rawQuery)).loggedOut, true);
    assert.equal((await browser.get(`${entServer.url}/mediacentre`)).status, 303, 'logged out of the ENT');
  });

  it("refuses a LogoutRequest whose signature is not the broker's", async () => {
    const browser = new TestBrowser();
    await logIn(browser, alice);
    const saml = brokerSaml(false);
    const profile = await answered(browser, saml);
    const request = new URL(await saml.getLogoutUrlAsync({ ...profile, nameIDFormat: samlNames.transient }, '', {}));
    const signature = request.searchParams.get('Signature') ?? '';
    request.searchParams.set('Signature', `${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`);
    assert.equal((await browser.get(request.href)).status, 400);
    assert.equal((await browser.get(`${entServer.url}/mediacentre`)).status, 200, 'still logged in');
  });

  // ---- the browser's legs

  async function logIn(browser: TestBrowser, account: DemoUser): Promise<void> {
    const done = await browser.post(`${entServer.url}/connexion`, { compte: account.id });
    assert.equal(done.status, 303);
  }

  /** The broker's AuthnRequest answered by the ENT in this browser, verified by node-saml. */
  async function answered(browser: TestBrowser, saml: SAML): Promise<Profile> {
    const page = await browser.get(await saml.getAuthorizeUrlAsync('', undefined, {}));
    const form = postedForm(page.body);
    assert.ok(form, `${page.status} ${page.body.slice(0, 300)}`);
    const { profile } = await saml.validatePostResponseAsync({ SAMLResponse: form.fields['SAMLResponse'] as string });
    assert.ok(profile);
    return profile;
  }
});
