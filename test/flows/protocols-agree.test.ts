/**
 * Every protocol must reach the same decisions. A table of people × resources, each
 * opened three ways in a fresh browser through the SAML ENT: the médiacentre click then the SAML
 * publisher (node-saml), an OIDC publisher (openid-client, `idRessource`), and a CAS service. The
 * decision (allowed, or the refusal code) must be the same three times, and where allowed the
 * three releases must be equal, attribute for attribute.
 */
import assert from 'node:assert/strict';
import { registerCasService } from '../../src/federation/index.js';
import { createCasServiceStore } from '../../src/store/index.js';
import { validateTicket, ticketOf } from '../support/cas-peer.js';
import { describeEachDialect } from '../support/each-dialect.js';
import { distributorA, mediacentreLink, resources, startFlowBroker, type FlowBroker } from '../support/flow-broker.js';
import { pupilId } from '../support/licensing-fixtures.js';
import { authorizationUrl, browse, oidcPublisher, redeem, type OidcPublisher } from '../support/oidc-publisher-peer.js';
import { postedForm, TestBrowser, type Hop } from '../support/test-browser.js';

type Decision =
  | { readonly allowed: true; readonly release: Record<string, string[]> }
  | { readonly allowed: false; readonly code: string | undefined };

const people = { pupil: pupilId('6A', 1), teacher: 'ens-maths', librarian: 'doc-1' } as const;
const services: Record<'maths' | 'french' | 'unassigned', string> = {
  maths: 'https://cas.publisher-a.test/maths',
  french: 'https://cas.publisher-a.test/francais',
  unassigned: 'https://cas.publisher-a.test/autre',
};
/** maths: everyone; french: teachers only (its subscription's audience); unassigned: no subscription. */
const expected: Record<keyof typeof people, Record<keyof typeof services, boolean>> = {
  pupil: { maths: true, french: false, unassigned: false },
  teacher: { maths: true, french: true, unassigned: false },
  librarian: { maths: true, french: false, unassigned: false },
};

describeEachDialect('flow: SAML, OIDC and CAS reach the same decision and release', (dialect) => {
  let flow: FlowBroker;
  let publisher: OidcPublisher;
  before(async function () {
    this.timeout(30000);
    flow = await startFlowBroker(dialect);
    await flow.broker.store.db
      .updateTable('subscription')
      .set({ audiences: JSON.stringify(['ENSEIGNANT']) })
      .where('id', '=', 'ABO-F')
      .execute();
    publisher = await oidcPublisher(flow, {
      clientId: `agree-${dialect}`,
      distributorId: distributorA,
      auth: 'client_secret_basic',
    });
    const casDeps = {
      store: createCasServiceStore(flow.broker.store),
      actor: 'test',
      now: new Date(),
      resourceExists: async () => true,
    };
    for (const [key, serviceUrl] of Object.entries(services))
      await registerCasService({ serviceUrl, idRessource: resources[key as keyof typeof services] }, casDeps);
  });
  after(async () => {
    await flow.close();
  });

  async function viaSaml(user: string, resource: keyof typeof services): Promise<Decision> {
    const browser = new TestBrowser();
    const click = await browse(flow, browser, mediacentreLink(flow.broker.url, resources[resource]), user);
    if (click.status !== 302) return refused(click);
    const answer = await browser.get(await flow.publisherA.saml.getAuthorizeUrlAsync('rs', undefined, {}));
    const form = postedForm(answer.body);
    if (form === undefined) return refused(answer);
    const { profile } = await flow.publisherA.saml.validatePostResponseAsync({
      SAMLResponse: form.fields.SAMLResponse as string,
    });
    const release = Object.fromEntries(
      Object.entries(profile ?? {})
        .filter(([name]) => /^[A-Z][A-Z0-9_]*$/.test(name))
        .map(([name, value]) => [name, Array.isArray(value) ? value.map(String) : [String(value)]]),
    );
    return { allowed: true, release };
  }

  async function viaOidc(user: string, resource: keyof typeof services): Promise<Decision> {
    const started = await authorizationUrl(publisher, { idRessource: resources[resource] });
    const hop = await browse(flow, new TestBrowser(), started.url, user);
    if (hop.location?.startsWith(`${publisher.redirectUri}?`) !== true) return refused(hop);
    const { userinfo } = await redeem(publisher, hop.location, started);
    const release = Object.fromEntries(
      Object.entries(userinfo)
        .filter(([name]) => /^[A-Z][A-Z0-9_]*$/.test(name))
        .map(([n, v]) => [n, (v as unknown[]).map(String)]),
    );
    return { allowed: true, release };
  }

  async function viaCas(user: string, resource: keyof typeof services): Promise<Decision> {
    const service = services[resource];
    const hop = await browse(
      flow,
      new TestBrowser(),
      `${flow.broker.url}/cas/login?service=${encodeURIComponent(service)}`,
      user,
    );
    if (hop.location?.startsWith(`${service}?ticket=`) !== true) return refused(hop);
    const { answer } = await validateTicket(flow.broker.url, { service, ticket: ticketOf(hop.location) });
    // A ticket was issued: its validation must succeed (the decision was made at /cas/login).
    if (answer.kind !== 'success') assert.fail(`ticket refused at validation: ${answer.code}`);
    return {
      allowed: true,
      release: Object.fromEntries(Object.entries(answer.attributes).map(([n, v]) => [n, [...v]])),
    };
  }

  for (const [who, user] of Object.entries(people) as [keyof typeof people, string][]) {
    for (const resource of Object.keys(services) as (keyof typeof services)[]) {
      const allowed = expected[who][resource];
      it(`${who} × ${resource}: ${allowed ? 'allowed, one release' : 'refused'} in SAML, OIDC and CAS`, async () => {
        const [saml, oidc, cas] = [
          await viaSaml(user, resource),
          await viaOidc(user, resource),
          await viaCas(user, resource),
        ];
        assert.equal(saml.allowed, allowed, JSON.stringify(saml));
        assert.deepEqual(oidc, saml, 'OIDC decides and releases as SAML');
        assert.deepEqual(cas, saml, 'CAS decides and releases as SAML');
        if (saml.allowed) assert.match(saml.release.IDO?.[0] ?? '', /^[0-9a-f]{128}$/);
      });
    }
  }
});

/** A refusal page: the code it shows (never a protocol answer). */
function refused(hop: Hop): Decision {
  assert.ok(hop.status >= 400, `a refusal page expected, got ${hop.status} ${hop.location ?? ''}`);
  return { allowed: false, code: /\((ERR_[A-Z0-9_]+)\)<\/p>/.exec(hop.body)?.[1] };
}
