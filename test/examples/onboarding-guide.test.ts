/**
 * docs/onboarding.md, run as a newcomer runs it: every ` ```sh ` block, in order, in one bash
 * (`set -euo pipefail`) in an empty temporary folder, with `gar-broker` on the PATH as `npm link`
 * puts it, the broker started by the guide's own `serve` on free ports with its data folder in
 * that folder (SQLite). The partners are the repository's test peers under the guide's names: the
 * SAML ENT (samlify) and the publisher's SAML SP (node-saml), whose metadata the test writes where
 * the guide reads the files partners send; the OIDC ENT (oidc-provider); the OIDC client
 * (openid-client) with the secret the guide's command printed; the CAS client. Then two pupils of
 * the imported feeds open the three resources from the links of the guide's médiacentre calls.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as client from 'openid-client';
import { validateTicket, ticketOf } from '../support/cas-peer.js';
import { firstMemberOf, pupilNames } from '../support/feed-records.js';
import { GuideShell, shellBlocks, type BlockRun, type ShellBlock } from '../support/guide-shell.js';
import { startOidcEntPeer, type OidcEntPeer } from '../support/oidc-ent-peer.js';
import { authorizationUrl, redeem, type OidcPublisher } from '../support/oidc-publisher-peer.js';
import {
  entDecoys,
  onboardingSamlEnt,
  onboardingSamlPublisher,
  samlProfileOf,
  walk,
  type LoginParties,
  type OnboardingSamlEnt,
  type OnboardingSamlPublisher,
} from '../support/onboarding-partners.js';
import { freePort, newcomerEnvironment, processAlive } from '../support/newcomer-machine.js';
import { skipWithoutTool } from '../support/skip-without-tool.js';
import { TestBrowser } from '../support/test-browser.js';

const guide = readFileSync('docs/onboarding.md', 'utf8');

/** The guide's names for its partners: the test's peers answer under them. */
const names = {
  samlEnt: { entityId: 'https://idp.ent-exemple.example/saml/metadata', sso: 'https://idp.ent-exemple.example/sso' },
  samlSp: {
    entityId: 'https://sso.editions-exemple.example/saml/metadata',
    acs: 'https://sso.editions-exemple.example/saml/acs',
  },
  distributor: '123456789_0000000000000001',
  maths: { id: 'ark:/86527/exemple-maths', site: 'https://manuels.editions-exemple.example/maths-6e' },
  quiz: {
    id: 'ark:/86527/exemple-quiz',
    site: 'https://quiz.editions-exemple.example/',
    clientId: 'editions-exemple-quiz',
    redirectUri: 'https://quiz.editions-exemple.example/oidc/callback',
  },
  dico: {
    id: 'ark:/86527/exemple-dico',
    site: 'https://dico.editions-exemple.example/',
    service: 'https://dico.editions-exemple.example/cas/callback',
  },
  uaiZ0: '0151337X',
  uaiZ1: '0641337F',
  /** The files the guide says partners send, where it says to save them. */
  entMetadataFile: 'from-partners/ent-z0-idp.xml',
  spMetadataFile: 'from-partners/editions-exemple-sp.xml',
} as const;

/**
 * The OIDC ENT's client secret: with the characters client_secret_basic must form-encode
 * (RFC 6749 §2.3.1), so that the login proves the broker encodes them and the provider decodes.
 */
const entSecret = 'ent+secret/with%25percent:and-colon-0123456789';

describe('examples: docs/onboarding.md, every command run in order against the test peers', function () {
  this.timeout(10 * 60_000);
  this.slow(4 * 60_000);
  const blocks: readonly ShellBlock[] = shellBlocks(guide, 'sh');
  const outputs = new Map<ShellBlock, BlockRun>();
  /** The test's own folder: the newcomer's folder (`tour/`) and the `gar-broker` command (`bin/`). */
  let root: string;
  /** The newcomer's empty folder, where the guide runs. */
  let dir: string;
  let shell: GuideShell;
  let brokerUrl: string;
  let brokerPid: number | undefined;
  let oidcEnt: OidcEntPeer;
  let samlEnt: OnboardingSamlEnt;
  let samlSp: OnboardingSamlPublisher;
  let pupils: { readonly z0: string; readonly z1: string };
  /** The test's values, set after the guide's values block (free ports, its OpenID Provider). */
  let overrides: string[] = [];
  /** The pupil of Z0's IDO at the textbook's distributor, as the SAML SP received it. */
  let samlIdo: string | undefined;

  before(async function () {
    for (const tool of ['curl', 'openssl']) skipWithoutTool(this, tool);
    root = mkdtempSync(join(tmpdir(), 'gar-onboarding-'));
    dir = join(root, 'tour');
    mkdirSync(dir);
    const [port, wsPort] = [await freePort(), await freePort()];
    brokerUrl = `http://localhost:${port}`;
    oidcEnt = await startOidcEntPeer({ redirectUri: `${brokerUrl}/ent/oidc/callback`, clientSecret: entSecret });
    samlEnt = onboardingSamlEnt(names.samlEnt.entityId, names.samlEnt.sso);
    samlSp = onboardingSamlPublisher(names.samlSp.entityId, names.samlSp.acs);
    mkdirSync(join(dir, 'from-partners'));
    writeFileSync(join(dir, names.entMetadataFile), samlEnt.metadataXml);
    writeFileSync(join(dir, names.spMetadataFile), samlSp.metadataXml);
    shell = new GuideShell(dir, newcomerEnvironment(join(root, 'bin')));
    overrides = [
      `export BROKER_PORT=${port}`,
      `export GAR_BROKER_WS_PORT=${wsPort}`,
      'export BROKER_URL="http://localhost:$BROKER_PORT"',
      'export WS_URL="https://localhost:$GAR_BROKER_WS_PORT"',
      `export ENT_OIDC_ISSUER='${oidcEnt.issuer}'`,
      `export ENT_OIDC_SECRET='${entSecret}'`,
      // The test's OpenID Provider listens on plain http on 127.0.0.1.
      'export GAR_BROKER_OIDC_ALLOW_INSECURE_HTTP=true',
    ];
  });

  after(async () => {
    // Stops the guide's server too when the guide failed before its last block.
    await shell?.close();
    await oidcEnt?.close();
    if (root !== undefined) rmSync(root, { recursive: true, force: true });
  });

  it('is a guide the test can run: sh blocks, its two markers, the names its partners answer under', () => {
    assert.ok(blocks.length >= 20, `only ${blocks.length} sh blocks in the guide`);
    assert.deepEqual(
      blocks.filter((b) => b.marker !== undefined).map((b) => b.marker),
      ['onboarding: values', 'onboarding: last'],
    );
    assert.equal(blocks.at(-1)?.marker, 'onboarding: last');
    const values = blocks.find((b) => b.marker === 'onboarding: values') as ShellBlock;
    for (const line of overrides.filter((l) => !l.includes('ALLOW_INSECURE'))) {
      const name = /^export (\w+)=/.exec(line)?.[1] as string;
      assert.match(values.code, new RegExp(`^export ${name}=`, 'm'), `the values block sets ${name}`);
    }
    for (const value of [
      names.samlSp.entityId,
      names.maths.id,
      names.maths.site,
      names.quiz.site,
      names.quiz.clientId,
      names.quiz.redirectUri,
      names.dico.site,
      names.dico.service,
      names.distributor,
      names.entMetadataFile,
      names.spMetadataFile,
    ])
      assert.ok(guide.includes(value), `the guide names ${value}`);
  });

  it('runs every command of the guide, in order, each exiting 0', async () => {
    for (const block of blocks.filter((b) => b.marker !== 'onboarding: last')) {
      outputs.set(block, await shell.run(block.code, `the block at docs/onboarding.md:${block.line}`));
      if (block.marker === 'onboarding: values') await shell.run(overrides.join('\n'), "the test's own values");
    }
    const [z0, z1, pid] = (await shell.run('printf "%s\\n" "$PUPIL_Z0" "$PUPIL_Z1" "$BROKER_PID"', 'probe')).stdout
      .trim()
      .split('\n');
    brokerPid = Number(pid);
    pupils = { z0: z0 as string, z1: z1 as string };
    assert.match(pupils.z0, /\S/);
    assert.match(pupils.z1, /\S/);
  });

  it("creates the subscription of the web service's example (201), which the CLI then lists", async () => {
    assert.match(outputOf('-X PUT').stdout, /^201$/m);
    assert.match(outputOf('subscription list').stdout, /^ABO-MATHS-0151337X\s+ark:\/86527\/exemple-maths\s+0151337X/m);
    const listed = JSON.parse(
      (await shell.run(`gar-broker subscription list --distributor ${names.distributor} --json`, 'the CLI list'))
        .stdout,
    ) as { idAbonnement: string; idRessource: string; uaiEtab: string; typeAffectation: string }[];
    const maths = listed.find((s) => s.idAbonnement === 'ABO-MATHS-0151337X');
    assert.deepEqual(
      { idRessource: maths?.idRessource, uaiEtab: maths?.uaiEtab, typeAffectation: maths?.typeAffectation },
      { idRessource: names.maths.id, uaiEtab: names.uaiZ0, typeAffectation: 'INDIV' },
    );
    assert.deepEqual(listed.map((s) => s.idAbonnement).sort(), [
      'ABO-DICO-0151337X',
      'ABO-MATHS-0151337X',
      'ABO-QUIZ-0641337F',
    ]);
  });

  it('SAML ENT → SAML SP: a pupil of Z0 clicks the textbook; the SP receives what its contract allows', async () => {
    const browser = new TestBrowser();
    const atSite = await walk(browser, mediacentreLink(names.maths.id), await parties(pupils.z0));
    assert.ok(
      atSite.trail.some((u) => u.startsWith(`${names.samlEnt.sso}?SAMLRequest=`)),
      'logged in at the ENT',
    );
    assert.equal(atSite.at, names.maths.site, `the resource's page, after ${atSite.trail.join(' → ')}`);
    // The publisher's page starts its SAML login at the broker, which answers from its session.
    const idpMetadata = await (await fetch(`${brokerUrl}/saml/idp/metadata`)).text();
    const sp = samlSp.connect(`${brokerUrl}/saml/idp/sso`, idpMetadata);
    const answered = await walk(
      browser,
      await sp.getAuthorizeUrlAsync('page-1', undefined, {}),
      await parties(pupils.z0),
    );
    const { attributes, encrypted, relayState } = await samlProfileOf(sp, names.samlSp.acs, answered.hop);
    assert.ok(encrypted, "the assertion is encrypted to the key of the SP's metadata");
    const person = pupilNames(join(dir, 'feeds/z0'), pupils.z0);
    assert.deepEqual(Object.keys(attributes).sort(), ['DIV', 'IDO', 'NOM', 'PRE', 'PRO', 'UAI']);
    assert.deepEqual(
      { UAI: attributes['UAI'], PRO: attributes['PRO'], NOM: attributes['NOM'], PRE: attributes['PRE'] },
      { UAI: names.uaiZ0, PRO: 'National_elv', NOM: person.nom, PRE: person.prenom },
      "the directory's values, not the ENT's",
    );
    assert.notEqual(attributes['NOM'], entDecoys.GARPersonNom);
    assert.equal(attributes['DIV'], '6A##6EME A');
    assert.equal(relayState, 'page-1');
    samlIdo = String(attributes['IDO']);
    assert.match(samlIdo, /^[0-9a-f]{128}$/);
    assert.equal(samlIdo, previewedIdo(names.maths.id), 'the IDO release preview showed');
  });

  it('refuses the textbook to a pupil of another class: a French page, nothing for the publisher', async () => {
    const other = firstMemberOf(join(dir, 'feeds/z0'), '5A');
    const refused = await walk(new TestBrowser(), mediacentreLink(names.maths.id), await parties(other));
    assert.equal(refused.at, undefined, `sent to a publisher: ${refused.trail.join(' → ')}`);
    assert.equal(refused.hop.status, 403);
    assert.match(refused.hop.body, /ne vous est pas affectée/);
    assert.match(refused.hop.body, /ERR_LOGIN_NOT_ENTITLED/);
  });

  it("SAML ENT → CAS service: the same pupil opens the dictionary; the same IDO, and its contract's IDC", async () => {
    assert.ok(samlIdo, 'the SAML login ran');
    const browser = new TestBrowser();
    const party = await parties(pupils.z0);
    const atSite = await walk(browser, mediacentreLink(names.dico.id), party);
    assert.equal(atSite.at, names.dico.site, atSite.trail.join(' → '));
    // The site sends the browser to the broker's CAS login with its registered service URL.
    const login = `${brokerUrl}/cas/login?service=${encodeURIComponent(names.dico.service)}`;
    const back = await walk(browser, login, party);
    assert.ok(back.at?.startsWith(`${names.dico.service}?ticket=ST-`), back.trail.join(' → '));
    const validated = await validateTicket(brokerUrl, { service: names.dico.service, ticket: ticketOf(back.at) });
    assert.equal(validated.answer.kind, 'success', validated.body);
    if (validated.answer.kind !== 'success') return;
    assert.equal(validated.answer.user, samlIdo);
    assert.deepEqual(validated.answer.attributes, {
      IDO: [samlIdo],
      UAI: [names.uaiZ0],
      PRO: ['National_elv'],
      IDC: [`${names.dico.id}_${samlIdo}`],
    });
  });

  it('OIDC ENT → OIDC client: a pupil of Z1 clicks the quiz; the client gets what its contract allows', async () => {
    const secret = /Secret client[^:]*: (\S+)/.exec(outputOf('oidc-client add').stdout)?.[1];
    assert.ok(secret, 'the guide printed the client secret');
    oidcEnt.user = { accountId: pupils.z1 };
    const browser = new TestBrowser();
    const party = await parties(pupils.z1);
    const atSite = await walk(browser, mediacentreLink(names.quiz.id), party);
    assert.ok(
      atSite.trail.some((u) => u.startsWith(`${oidcEnt.issuer}/`)),
      'logged in at the OIDC ENT',
    );
    assert.equal(atSite.at, names.quiz.site, atSite.trail.join(' → '));
    const publisher: OidcPublisher = {
      clientId: names.quiz.clientId,
      redirectUri: names.quiz.redirectUri,
      config: await client.discovery(
        new URL(`${brokerUrl}/oidc`),
        names.quiz.clientId,
        undefined,
        client.ClientSecretBasic(secret),
        { execute: [client.allowInsecureRequests] },
      ),
    };
    const started = await authorizationUrl(publisher, { idRessource: names.quiz.id });
    const back = await walk(browser, started.url, party);
    assert.ok(back.at?.startsWith(`${names.quiz.redirectUri}?`), back.trail.join(' → '));
    const { idToken, userinfo } = await redeem(publisher, back.at as string, started);
    const person = pupilNames(join(dir, 'feeds/z1'), pupils.z1);
    assert.deepEqual(Object.keys(userinfo).sort(), ['DIV', 'E_MS4', 'IDO', 'PRE', 'PRO', 'UAI', 'sub']);
    assert.equal(idToken.sub, userinfo.sub);
    assert.deepEqual(userinfo['IDO'], [userinfo.sub]);
    assert.equal(userinfo.sub, previewedIdo(names.quiz.id), 'the IDO release preview showed');
    assert.deepEqual(
      { UAI: userinfo['UAI'], PRO: userinfo['PRO'], PRE: userinfo['PRE'], DIV: userinfo['DIV'] },
      { UAI: [names.uaiZ1], PRO: ['National_elv'], PRE: [person.prenom], DIV: ['6A##6EME A'] },
    );
    assert.match(String((userinfo['E_MS4'] as string[])[0]), /^\d{4}$/);

    // The guide's token request by hand, with the code of a second authorization (the session answers it).
    const again = await authorizationUrl(publisher, { idRessource: names.quiz.id });
    const code = new URL((await walk(browser, again.url, party)).at ?? 'about:blank').searchParams.get('code');
    assert.ok(code, 'a second code');
    const request = shellBlocks(guide, 'bash').find((b) => b.marker === 'onboarding: token request');
    assert.ok(request, 'the guide shows a token request');
    const variables = { CLIENT_SECRET: secret, CODE: code, VERIFIER: again.verifier };
    const exported = Object.entries(variables).map(([name, value]) => `export ${name}='${value}'`);
    await shell.run(exported.join('\n'), "the test's code for the token request");
    const tokens = JSON.parse(
      (await shell.run(request.code, `the block at docs/onboarding.md:${request.line}`)).stdout,
    ) as { access_token?: string; id_token?: string; token_type?: string };
    assert.equal(tokens.token_type, 'Bearer');
    const info = await client.fetchUserInfo(publisher.config, tokens.access_token as string, userinfo.sub);
    assert.equal(info.sub, userinfo.sub);
  });

  it("stops the broker with the guide's last block", async () => {
    const last = blocks.at(-1) as ShellBlock;
    outputs.set(last, await shell.run(last.code, `the block at docs/onboarding.md:${last.line}`));
    assert.ok(brokerPid !== undefined && !processAlive(brokerPid), 'the broker process has ended');
  });

  /** The output of the guide's first block whose code holds `text`. */
  function outputOf(text: string): BlockRun {
    const block = blocks.find((b) => b.code.includes(text));
    const run = block === undefined ? undefined : outputs.get(block);
    if (run === undefined) throw new Error(`no run of a guide block holding ${text}`);
    return run;
  }

  /** The `/domaineGar` link of a resource, as the guide's médiacentre calls printed it. */
  function mediacentreLink(idRessource: string): string {
    const printed = outputOf('/ws/mediacentre/ressources/').stdout;
    const links = [...printed.matchAll(/"urlAccesRessource":"([^"]+)"/g)].map((m) => m[1] as string);
    const link = links.find((l) => new URL(l).searchParams.get('idRessource') === idRessource);
    if (link === undefined) throw new Error(`no médiacentre link for ${idRessource} in:\n${printed}`);
    return link;
  }

  /** The IDO `release preview` printed for a resource. */
  function previewedIdo(idRessource: string): string | undefined {
    const printed = outputOf('release preview').stdout;
    const section = printed.split(/^(?=Ressource )/m).find((s) => s.startsWith(`Ressource ${idRessource} `));
    return /IDO \(.*\) : « ([0-9a-f]{128}) »/.exec(section ?? '')?.[1];
  }

  async function parties(samlUser: string): Promise<LoginParties> {
    const brokerSpMetadata = await (await fetch(`${brokerUrl}/saml/sp/metadata`)).text();
    return { brokerUrl, samlEnt, brokerSpMetadata, samlUser, oidcEntOrigin: oidcEnt.issuer };
  }
});

describe('examples: the runner of the guide stops at the first failing command', () => {
  it('reports the block, its status and its output, and runs nothing after it', async () => {
    const root = mkdtempSync(join(tmpdir(), 'gar-guide-runner-'));
    const shell = new GuideShell(root, { PATH: process.env['PATH'] ?? '' });
    try {
      const blocks = shellBlocks(
        [
          '<!-- a marker -->',
          '```sh',
          'GREETING=bonjour',
          '```',
          '```bash',
          'echo "not run"',
          '```',
          '```sh',
          'echo "$GREETING"',
          'false',
          'touch after-false',
          '```',
        ].join('\n'),
        'sh',
      );
      assert.deepEqual(
        blocks.map((b) => [b.line, b.marker]),
        [
          [2, 'a marker'],
          [8, undefined],
        ],
      );
      await shell.run((blocks[0] as ShellBlock).code, 'first');
      await assert.rejects(
        shell.run((blocks[1] as ShellBlock).code, 'second'),
        /second failed with status 1:[\s\S]*bonjour/,
      );
      assert.deepEqual(readdirSync(root), []);
      await assert.rejects(shell.run('echo again', 'third'), /already ended/);
    } finally {
      await shell.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
