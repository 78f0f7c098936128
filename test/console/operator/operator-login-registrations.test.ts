/**
 * The OIDC and CAS registrations on the operator's pages, read-only: ENT projects as OpenID Providers,
 * publishers' OIDC clients and CAS services on the partners page (each with an empty state and the
 * CLI command that registers it), and each ENT project's login protocol (OIDC before SAML). No
 * secret ever reaches the HTML; a licence manager is refused.
 */
import assert from 'node:assert/strict';
import {
  createCasServiceStore,
  createOidcClientStore,
  createOidcEntRegistry,
  createSamlPartnerStore,
} from '../../../src/store/index.js';
import { describeEachDialect } from '../../support/each-dialect.js';
import { entId } from '../../support/licensing-fixtures.js';
import { catalogue, maths, operatorHarness, pageCode, start, type OperatorHarness } from './operator-harness.js';

const technical = '552081317_0000000000000002';
const entSecret = 'ent-client-secret-never-shown-0123456789';
const clientSecret = 'publisher-client-secret-never-shown-0123456789';
const partners = '/console/operateur/partenaires';

const section = (html: string, marker: string): string =>
  new RegExp(`<section [^>]*${marker}[\\s\\S]*?</section>`).exec(html)?.[0] ?? '';

async function register(h: OperatorHarness): Promise<void> {
  await createOidcEntRegistry(h.store).save(
    {
      entId,
      issuer: 'https://ent.z0.example/oidc',
      clientId: 'gar-z0',
      clientSecret: entSecret,
      tokenAuthMethod: 'client_secret_basic',
      scope: 'openid profile',
      userIdClaim: 'uid',
      useUserinfo: true,
      allowedAlgorithms: ['RS256', 'ES256'],
    },
    'cli:setup',
    start,
  );
  await createOidcEntRegistry(h.store).save(
    {
      entId: 'Z7',
      issuer: 'https://ent.z7.example',
      clientId: 'gar-z7',
      tokenAuthMethod: 'client_secret_post',
      scope: 'openid',
      userIdClaim: 'sub',
      useUserinfo: false,
    },
    'cli:setup',
    start,
  );
  const clients = createOidcClientStore(h.store);
  await clients.save(
    {
      clientId: 'quiz-sciences',
      distributorId: technical,
      metadata: {
        token_endpoint_auth_method: 'client_secret_basic',
        client_secret: clientSecret,
        redirect_uris: ['https://quiz.example/cb', 'https://quiz.example/cb2?x=<b>'],
        response_types: ['code'],
        grant_types: ['authorization_code'],
      },
    },
    'cli:setup',
    start,
  );
  await clients.save(
    {
      clientId: 'atlas-jwt',
      distributorId: '999999999_0000000000000009',
      metadata: {
        token_endpoint_auth_method: 'private_key_jwt',
        jwks: { keys: [{ kty: 'EC', crv: 'P-256', x: 'x', y: 'y' }] },
        redirect_uris: ['https://atlas.example/cb'],
      },
    },
    'cli:setup',
    start,
  );
  const cas = createCasServiceStore(h.store);
  await cas.save(
    { serviceUrl: 'https://dico.example/cas', idRessource: maths, logoutUrl: 'https://dico.example/logout' },
    'cli:setup',
    start,
  );
  await cas.save({ serviceUrl: 'https://dico.example/autre', idRessource: maths }, 'cli:setup', start);
}

describeEachDialect('operator pages: OIDC and CAS registrations', (dialect) => {
  let h: OperatorHarness;
  beforeEach(async () => {
    h = await operatorHarness(dialect);
  });
  afterEach(async () => {
    await h.close();
  });

  it('shows each empty section with its empty state and the command that registers it', async () => {
    const res = await h.get(partners);
    assert.equal(res.status, 200);
    for (const [marker, empty, command] of [
      [
        'data-oidc-ents',
        'Aucun projet ENT n’est enregistré comme fournisseur OpenID Connect.',
        'gar-broker partner oidc-ent add|list|remove',
      ],
      [
        'data-oidc-clients',
        'Aucun client OpenID Connect enregistré.',
        'gar-broker partner oidc-client add|list|remove',
      ],
      ['data-cas-services', 'Aucun service CAS enregistré.', 'gar-broker partner cas-service add|list|remove'],
    ] as const) {
      const html = section(res.text, marker);
      assert.ok(html.includes(`<p data-empty>${empty}</p>`), marker);
      assert.ok(html.includes(`<code>${command}</code>`), marker);
      assert.ok(html.includes('Consultation seulement'), marker);
      assert.doesNotMatch(html, /<table/);
    }
  });

  it('lists ENTs as OpenID Providers without their secret, only whether one is stored', async () => {
    await register(h);
    const res = await h.get(partners);
    assert.equal(res.status, 200);
    assert.ok(!res.text.includes(entSecret), 'the ENT client secret is absent');
    const html = section(res.text, 'data-oidc-ents');
    assert.ok(html.includes('<caption>Projets ENT enregistrés comme fournisseurs OpenID</caption>'));
    assert.equal([...html.matchAll(/<th scope="col">/g)].length, 8);
    const z0 = /<tr data-oidc-ent="Z0">([\s\S]*?)<\/tr>/.exec(html)?.[1] ?? '';
    assert.ok(z0.includes('<th scope="row"><a href="/console/operateur/ent/Z0">Z0</a></th>'));
    for (const text of [
      'https://ent.z0.example/oidc',
      'gar-z0',
      'client_secret_basic',
      '<code>uid</code>',
      'RS256, ES256',
    ])
      assert.ok(z0.includes(text), text);
    assert.match(z0, /<td>oui<\/td>[\s\S]*<td data-secret>oui<\/td>/, 'userinfo yes, a secret is stored');
    const z7 = /<tr data-oidc-ent="Z7">([\s\S]*?)<\/tr>/.exec(html)?.[1] ?? '';
    assert.match(
      z7,
      /<td>non<\/td>[\s\S]*ceux de la configuration \(oidc\.idTokenAlgorithms\)[\s\S]*<td data-secret>non<\/td>/,
    );
  });

  it('lists publishers’ OIDC clients (never a secret, escaped) and CAS services with their resource', async () => {
    await register(h);
    const res = await h.get(partners);
    assert.ok(!res.text.includes(clientSecret), 'the client secret is absent');
    assert.doesNotMatch(res.text, /client_secret"|<b>/);
    const clients = section(res.text, 'data-oidc-clients');
    const quiz = /<tr data-oidc-client="quiz-sciences">([\s\S]*?)<\/tr>/.exec(clients)?.[1] ?? '';
    assert.ok(
      quiz.includes('Lumière Numérique<br><code>552081317_0000000000000002</code>'),
      'the distributor by name and id',
    );
    assert.ok(quiz.includes('<code>client_secret_basic</code>'));
    assert.ok(quiz.includes('<li><code>https://quiz.example/cb</code></li>'));
    assert.ok(quiz.includes('https://quiz.example/cb2?x=&lt;b&gt;'), 'escaped');
    const jwt = /<tr data-oidc-client="atlas-jwt">([\s\S]*?)<\/tr>/.exec(clients)?.[1] ?? '';
    assert.ok(jwt.includes('<code>private_key_jwt</code><br>1 clé(s) publique(s)'));
    assert.ok(jwt.includes('<td><code>999999999_0000000000000009</code></td>'), 'an unknown distributor by id only');
    const cas = section(res.text, 'data-cas-services');
    const name = catalogue[0]!.nomRessource;
    const dico = /<tr data-cas-service="https:\/\/dico.example\/cas">([\s\S]*?)<\/tr>/.exec(cas)?.[1] ?? '';
    assert.ok(dico.includes(`${name}<br><code>${maths}</code>`));
    assert.ok(dico.includes('<code>https://dico.example/logout</code>'));
    const other = /<tr data-cas-service="https:\/\/dico.example\/autre">([\s\S]*?)<\/tr>/.exec(cas)?.[1] ?? '';
    assert.ok(other.includes('<td>l’adresse de service</td>'), 'no logout URL: the service URL');
  });

  it('speaks English when asked', async () => {
    await register(h);
    const res = await h.get(partners, 'operator', 'en');
    assert.ok(res.text.includes('ENTs as OpenID Connect providers'));
    assert.ok(res.text.includes('<th scope="col">Secret stored</th>'));
    assert.ok(res.text.includes('Read-only: these registrations are made on the command line.'));
    assert.ok(!res.text.includes(entSecret) && !res.text.includes(clientSecret));
  });

  it('shows how each ENT project logs in: OIDC before SAML, SAML alone, none', async () => {
    await register(h);
    await createSamlPartnerStore(h.store).save(
      {
        entityId: 'https://ent.z0.example/idp',
        role: 'idp',
        entId,
        source: { kind: 'cli' },
        metadataXml: '<md/>',
        loadedAt: '2025-09-01T06:00:00.000Z',
      },
      'cli:setup',
    );
    await createSamlPartnerStore(h.store).save(
      {
        entityId: 'https://ent.z5.example/idp',
        role: 'idp',
        entId: 'Z5',
        source: { kind: 'cli' },
        metadataXml: '<md/>',
        loadedAt: '2025-09-01T06:00:00.000Z',
      },
      'cli:setup',
    );
    const list = await h.get('/console/operateur/ent');
    assert.match(
      list.text,
      new RegExp(
        String.raw`<tr data-ent="Z0">[\s\S]*?<td data-login="oidc">OpenID Connect\s*`
          + String.raw`<br><code>https:\/\/ent.z0.example\/oidc<\/code>`
          + String.raw`<br><small>SAML enregistré, non utilisé<\/small>`,
      ),
    );
    assert.match(
      list.text,
      /<tr data-ent="Z5">[\s\S]*?<td data-login="saml">SAML\s*<br><code>https:\/\/ent.z5.example\/idp<\/code>/,
    );
    assert.match(
      list.text,
      /<tr data-ent="Z7">[\s\S]*?<td data-login="oidc">/,
      'an ENT known only by its OIDC registration',
    );
    const z0 = await h.get('/console/operateur/ent/Z0');
    assert.equal(z0.status, 200);
    assert.ok(!z0.text.includes(entSecret));
    const login = section(z0.text, 'data-ent-login="oidc"');
    assert.ok(
      login.includes(
        'Les utilisateurs se connectent par OpenID Connect auprès de l’émetteur https://ent.z0.example/oidc.',
      ),
    );
    assert.ok(login.includes('<dd data-secret>oui</dd>'));
    assert.ok(login.includes('elles ne servent pas tant que l’enregistrement OpenID Connect existe'));
    const z5 = await h.get('/console/operateur/ent/Z5');
    assert.ok(
      section(z5.text, 'data-ent-login="saml"').includes(
        'auprès du fournisseur d’identité https://ent.z5.example/idp.',
      ),
    );
    assert.equal(
      (await h.get('/console/operateur/ent/Z7')).status,
      200,
      'an OIDC registration makes the project known',
    );
  });

  it('says when an ENT project has no way to log in', async () => {
    const res = await h.get(`/console/operateur/ent/${entId}`);
    assert.equal(res.status, 200);
    assert.ok(
      section(res.text, 'data-ent-login="none"').includes(
        '<p class="alert">Aucun fournisseur d’identité n’est enregistré',
      ),
    );
  });

  it('refuses a licence manager and sends an anonymous visitor to log in', async () => {
    await register(h);
    for (const path of [partners, '/console/operateur/ent', '/console/operateur/ent/Z7']) {
      const res = await h.get(path, 'manager');
      assert.equal(res.status, 403, path);
      assert.equal(pageCode(res.text), 'ERR_CONSOLE_FORBIDDEN');
      assert.ok(!res.text.includes('gar-z7') && !res.text.includes('quiz-sciences'), 'nothing of the registrations');
      assert.equal((await h.get(path, 'anonymous')).status, 303);
    }
  });
});
