/**
 * The other process of bench:sso: the fake ENT (samlify IdP), the fake publisher (node-saml SP,
 * its requests only: it does not validate the answers, which would measure node-saml) and the
 * browsers. Told what to do over IPC by bench/sso.bench.ts.
 */
import { mediacentreLink } from '../test/support/flow-broker.js';
import { testEnt, type PeerKey } from '../test/support/saml-flow-peers.js';
import { postedForm, TestBrowser } from '../test/support/test-browser.js';
import { SAML } from '@node-saml/node-saml';

interface Setup {
  readonly brokerUrl: string; readonly spMetadata: string; readonly entKey: PeerKey; readonly spKey: PeerKey;
  readonly publisher: { readonly entityId: string; readonly acsUrl: string }; readonly resource: string; readonly user: string;
}

let setup: Setup | undefined;
let ent: ReturnType<typeof testEnt> | undefined;
let publisher: SAML | undefined;

async function login(s: Setup): Promise<void> {
  const browser = new TestBrowser();
  const toEnt = await browser.get(mediacentreLink(s.brokerUrl, s.resource));
  if (toEnt.status !== 302 || toEnt.location === undefined) throw new Error(`domaineGar ${toEnt.status}`);
  const samlResponse = await (ent as NonNullable<typeof ent>).answer(toEnt.location, s.spMetadata, s.user);
  const toResource = await browser.post(`${s.brokerUrl}/saml/sp/acs`, { SAMLResponse: samlResponse });
  if (toResource.status !== 302) throw new Error(`acs ${toResource.status}: ${toResource.body.slice(0, 200)}`);
  const answer = await browser.get(await (publisher as SAML).getAuthorizeUrlAsync('rs', undefined, {}));
  if (answer.status !== 200 || postedForm(answer.body) === undefined) throw new Error(`sso ${answer.status}: ${answer.body.slice(0, 200)}`);
}

async function run(logins: number, browsers: number): Promise<{ ms: number[]; wallMs: number; failures: number; firstFailure?: string }> {
  const s = setup as Setup;
  const ms: number[] = [];
  let next = 0;
  let failures = 0;
  let firstFailure: string | undefined;
  const started = performance.now();
  await Promise.all(Array.from({ length: browsers }, async () => {
    while (next < logins) {
      next += 1;
      const t = performance.now();
      try {
        await login(s);
        ms.push(performance.now() - t);
      } catch (error) {
        failures += 1;
        firstFailure ??= String(error);
      }
    }
  }));
  return { ms, wallMs: performance.now() - started, failures, ...(firstFailure === undefined ? {} : { firstFailure }) };
}

process.on('message', (message: { setup?: Setup; run?: { logins: number; browsers: number } }) => {
  if (message.setup !== undefined) {
    setup = message.setup;
    ent = testEnt(setup.entKey);
    publisher = new SAML({
      callbackUrl: setup.publisher.acsUrl, entryPoint: `${setup.brokerUrl}/saml/idp/sso`, issuer: setup.publisher.entityId,
      idpCert: setup.entKey.certPem, privateKey: setup.spKey.keyPem, signatureAlgorithm: 'sha256', disableRequestedAuthnContext: true,
    });
    process.send?.({ ok: true });
    return;
  }
  if (message.run !== undefined) void run(message.run.logins, message.run.browsers).then((report) => process.send?.(report));
});
