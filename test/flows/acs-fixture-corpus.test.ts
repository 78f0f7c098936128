/**
 * The ACS fixture corpus (test/fixtures/saml/acs/, checked one by one against trust in
 * test/trust/saml/idp-response/) posted to the real `POST /saml/sp/acs` of a started broker,
 * clock set to the instant the fixtures were made, the fixture ENT registered and a login
 * transaction outstanding for their InResponseTo: every attack gets a 4xx page, opens no session
 * and posts nothing anywhere. A valid fixture, posted last, passes every protocol check and stops
 * only at the directory (its user is unknown there), which shows the refusals are real ones.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { cookieDigest } from '../../src/broker/index.js';
import { loadConfig } from '../../src/config/index.js';
import { fixedClock } from '../../src/core/clock.js';
import { registerSamlPartner } from '../../src/federation/index.js';
import { startBroker, type RunningBroker } from '../../src/compose/index.js';
import { createLoginTransactionStore, createSamlPartnerStore } from '../../src/store/index.js';
import {
  acsFixtureFolder,
  acsNow,
  acsParties,
  postedValue,
  readFixture,
} from '../trust/saml/idp-response/acs-expectations.js';
import { postedForm, TestBrowser } from '../support/test-browser.js';

const freePort = (): Promise<number> =>
  new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });

function entMetadata(): string {
  const cert = readFixture('test-ent-idp.crt.pem').replace(/-----[^-]+-----|\s/g, '');
  return (
    '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"'
    + ` xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="${acsParties.idp}">`
    + '<md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"'
    + ' WantAuthnRequestsSigned="true">'
    + '<md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data>'
    + `<ds:X509Certificate>${cert}</ds:X509Certificate>`
    + '</ds:X509Data></ds:KeyInfo></md:KeyDescriptor>'
    + '<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"'
    + ' Location="https://ent.test/sso"/>'
    + '</md:IDPSSODescriptor></md:EntityDescriptor>'
  );
}

const attacks = readdirSync(acsFixtureFolder)
  .filter((f) => /\.(xml|txt)$/.test(f) && !f.startsWith('valid.') && f !== 'comment-injected-nameid.xml')
  .sort();

describe('flow: the ACS fixture corpus at POST /saml/sp/acs', () => {
  let broker: RunningBroker;
  let listener: string;
  const browser = new TestBrowser();

  before(async function () {
    this.timeout(30000);
    const dir = mkdtempSync(join(tmpdir(), 'gar-acs-corpus-'));
    const port = await freePort();
    listener = `http://127.0.0.1:${port}`;
    const config = loadConfig({
      env: {},
      overrides: {
        publicUrl: 'https://broker.test',
        login: { spEntityId: acsParties.sp },
        database: { url: `sqlite:${join(dir, 'db.sqlite')}` },
        http: { port },
        saml: { metadataDir: join(dir, 'metadata'), keysDir: join(dir, 'keys') },
        webServices: { enabled: false },
        pseudonyms: { secret: 'ab'.repeat(32) },
      },
    });
    broker = await startBroker(config, pino({ level: 'silent' }), fixedClock(acsNow));
    await registerSamlPartner(
      { role: 'idp', entId: 'T1', source: { kind: 'cli' }, metadataXml: entMetadata() },
      { store: createSamlPartnerStore(broker.store), now: acsNow, actor: 'test' },
    );
    const binding = 'b'.repeat(43);
    browser.cookies.set('gar_login', binding);
    await createLoginTransactionStore(broker.store).open({
      id: 't'.repeat(43),
      createdAt: new Date(acsNow.getTime() - 30_000),
      expiresAt: new Date(acsNow.getTime() + 600_000),
      browserBinding: cookieDigest(binding),
      upstream: { entId: 'T1', requestId: acsParties.requestId },
      downstream: { kind: 'mediacentre', idRessource: 'ark:/1/x', uai: '0561234A' },
    });
  });
  after(async () => {
    await broker.close();
  });

  const sessions = async (): Promise<number> =>
    Number(
      (
        await broker.store.db
          .selectFrom('broker_session')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const shownCode = (html: string): string | undefined => /\((ERR_[A-Z0-9_]+)\)<\/p>/.exec(html)?.[1];

  for (const file of attacks) {
    it(`${file}: 4xx, no session, nothing posted`, async () => {
      const hop = await browser.post(`${listener}/saml/sp/acs`, { SAMLResponse: postedValue(file) });
      assert.ok(hop.status >= 400 && hop.status < 500, `status ${hop.status}`);
      assert.notEqual(shownCode(hop.body), 'ERR_LOGIN_USER_UNKNOWN', 'refused before the directory step');
      assert.equal(postedForm(hop.body), undefined);
      assert.ok(!hop.setCookies.some((c) => c.startsWith('gar_session=')));
      assert.equal(await sessions(), 0);
    });
  }

  it('valid.assertion-signed.xml (last): passes every protocol check and stops at the unknown user', async () => {
    const hop = await browser.post(`${listener}/saml/sp/acs`, {
      SAMLResponse: postedValue('valid.assertion-signed.xml'),
    });
    assert.equal(hop.status, 403);
    assert.equal(shownCode(hop.body), 'ERR_LOGIN_USER_UNKNOWN');
    assert.equal(await sessions(), 0);
  });
});
