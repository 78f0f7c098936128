/**
 * The access decision, step by step, with fake ports: which resource, which establishment,
 * licence and contract, release; each step's refusal code, and the intent opened once.
 */
import assert from 'node:assert/strict';
import { globalPseudonymScope, ido } from '../../src/attribute-filter/index.js';
import {
  admitAccess,
  checkLicence,
  chooseEstablishment,
  chooseResource,
  decideAccess,
  decideAccessAt,
  registeredResource,
  type ChosenResource,
  type ResourceChoice,
} from '../../src/broker/access-decision.js';
import { rejectedCode } from '../support/thrown-code.js';
import {
  atlas,
  clicked,
  ctx,
  distributor,
  fakeDeps,
  firstUai,
  foreign,
  maths,
  now,
  otherDistributor,
  otherSp,
  person,
  resource,
  secondUai,
  sp,
  world,
  type FakeDeps,
  type World,
} from './fake-access-ports.js';

const partner = { partnerId: sp, distributorId: distributor };
const session = { ...person, uai: undefined };

function chosenId(choice: ResourceChoice): string {
  return choice.kind === 'resource' ? choice.resource.idRessource : choice.kind;
}

/** The person's IDO in `scope` under the fake deps' key. */
function idoIn(deps: FakeDeps, scope: string): string {
  assert.ok(deps.pseudonymKey !== undefined);
  return ido(deps.pseudonymKey, { entId: person.entId, entUserId: person.personId, scope });
}

/** The chosen resource as step 1 would return it, with no intent. */
const chosenOf = (idRessource: string, intent?: ChosenResource['intent']): ChosenResource => ({
  kind: 'resource',
  resource: resource(idRessource),
  intent,
});

describe('access decision, step 1: which resource', () => {
  it("the partner's only resource of its distributor (another distributor's it serves is not its)", async () => {
    const w = world();
    w.resources.splice(1, 1, resource(atlas, otherDistributor));
    assert.equal(chosenId(await chooseResource(fakeDeps(w), ctx, partner, undefined)), maths);
  });

  it('several resources and no click: ambiguous, with the number of candidates', async () => {
    assert.deepEqual(await chooseResource(fakeDeps(), ctx, partner, undefined), { kind: 'ambiguous', candidates: 2 });
  });

  it('no resource at all: ambiguous', async () => {
    const choice = await chooseResource(fakeDeps(), ctx, { ...partner, partnerId: otherSp }, undefined);
    assert.equal(chosenId(choice), 'ambiguous');
  });

  it("the click's resource when it is the partner's, and the opened intent goes along", async () => {
    const deps = fakeDeps();
    const cookie = clicked(deps, { idRessource: atlas, uai: secondUai, spEntityId: sp });
    const choice = await chooseResource(deps, ctx, partner, cookie);
    assert.equal(chosenId(choice), atlas);
    const intent = choice.kind === 'resource' ? choice.intent : undefined;
    assert.deepEqual(intent, { idRessource: atlas, uai: secondUai, spEntityId: sp });
  });

  const atlasClick = { idRessource: atlas, uai: firstUai, spEntityId: sp };
  const ignored: readonly [string, (deps: FakeDeps) => string][] = [
    ['for another partner', (deps) => clicked(deps, { ...atlasClick, spEntityId: otherSp })],
    ["for a resource that is not the partner's", (deps) => clicked(deps, { ...atlasClick, idRessource: foreign })],
    ['tampered with', (deps) => `${clicked(deps, atlasClick)}x`],
    ['expired (sealed 601 s ago)', (deps) => clicked(deps, atlasClick, new Date(now.getTime() - 601_000))],
    ['sealed with another key', () => clicked(fakeDeps(), atlasClick)],
  ];
  for (const [name, cookie] of ignored) {
    it(`an intent ${name} is ignored`, async () => {
      const w = world();
      w.resources.splice(0, 1);
      const deps = fakeDeps(w);
      const choice = await chooseResource(deps, ctx, partner, cookie(deps));
      assert.equal(chosenId(choice), atlas, 'the only resource left');
    });
  }

  it('a resource the request names wins over the click', async () => {
    const deps = fakeDeps();
    const cookie = clicked(deps, { idRessource: atlas, uai: firstUai, spEntityId: sp });
    assert.equal(chosenId(await chooseResource(deps, ctx, { ...partner, idRessource: maths }, cookie)), maths);
  });

  it('named: unknown, ERR_LOGIN_RESOURCE_UNKNOWN; of another distributor, ERR_OIDC_RESOURCE_FORBIDDEN', async () => {
    const named = (idRessource: string) => chooseResource(fakeDeps(), ctx, { ...partner, idRessource }, undefined);
    assert.equal(await rejectedCode(named('ark:/0/none')), 'ERR_LOGIN_RESOURCE_UNKNOWN');
    assert.equal(await rejectedCode(named(foreign)), 'ERR_OIDC_RESOURCE_FORBIDDEN');
  });

  it("a CAS service's registered resource, whatever its distributor; gone: ERR_LOGIN_RESOURCE_UNKNOWN", async () => {
    const deps = fakeDeps();
    assert.equal((await registeredResource(deps, ctx, foreign, undefined)).resource.idRessource, foreign);
    assert.equal(
      await rejectedCode(registeredResource(deps, ctx, 'ark:/0/none', undefined)),
      'ERR_LOGIN_RESOURCE_UNKNOWN',
    );
  });
});

describe('access decision, step 2: which establishment', () => {
  const intentFor = (idRessource: string) => ({ idRessource, uai: secondUai, spEntityId: sp });
  const sessionUai = '0560019A';
  type Row = readonly [string, ChosenResource, string | undefined, (w: World) => void, string];
  const table: readonly Row[] = [
    ["the click's, before the session's", chosenOf(maths, intentFor(maths)), sessionUai, () => undefined, secondUai],
    [
      "the session's, the click being for another resource",
      chosenOf(maths, intentFor(atlas)),
      sessionUai,
      () => undefined,
      sessionUai,
    ],
    [
      'else the first that allows the resource',
      chosenOf(maths),
      undefined,
      (w) => {
        w.licences.delete(`${firstUai} ${maths}`);
      },
      secondUai,
    ],
    [
      'else the first one (its refusal is the one shown)',
      chosenOf(maths),
      undefined,
      (w) => {
        w.licences.clear();
      },
      firstUai,
    ],
  ];
  for (const [name, chosen, inSession, arrange, expected] of table) {
    it(name, async () => {
      const w = world();
      arrange(w);
      assert.equal(await chooseEstablishment(fakeDeps(w), ctx, person, chosen, inSession), expected);
    });
  }

  it('a person in no establishment: ERR_LOGIN_USER_UNKNOWN', async () => {
    const w = world();
    w.establishments.length = 0;
    const chosen = chooseEstablishment(fakeDeps(w), ctx, person, chosenOf(maths), undefined);
    assert.equal(await rejectedCode(chosen), 'ERR_LOGIN_USER_UNKNOWN');
  });
});

describe('access decision, step 3: licence and contract', () => {
  it('returns the approved contract', async () => {
    const contract = await checkLicence(fakeDeps(), ctx, { person, uai: firstUai, resource: resource(maths) });
    assert.equal(contract.document.idRessource, maths);
  });

  it('no licence in this establishment: ERR_LOGIN_NOT_ENTITLED', async () => {
    const checked = checkLicence(fakeDeps(), ctx, { person, uai: secondUai, resource: resource(atlas) });
    assert.equal(await rejectedCode(checked), 'ERR_LOGIN_NOT_ENTITLED');
  });

  it('no approved contract: ERR_LOGIN_NO_CONTRACT', async () => {
    const w = world();
    w.contracts.delete(maths);
    const checked = checkLicence(fakeDeps(w), ctx, { person, uai: firstUai, resource: resource(maths) });
    assert.equal(await rejectedCode(checked), 'ERR_LOGIN_NO_CONTRACT');
  });
});

describe('access decision, step 4: release', () => {
  it('IDO, UAI, PRO and only what the contract lists (NOM, not PRE nor DIV)', async () => {
    const deps = fakeDeps();
    const grant = await decideAccess(deps, ctx, session, chosenOf(maths));
    const expectedIdo = idoIn(deps, distributor);
    assert.deepEqual(grant, {
      uai: firstUai,
      ido: expectedIdo,
      attributes: [
        { name: 'IDO', values: [expectedIdo] },
        { name: 'UAI', values: [firstUai] },
        { name: 'PRO', values: ['National_elv'] },
        { name: 'NOM', values: ['Martin'] },
      ],
    });
  });

  it('a contract without attributes: IDO, UAI, PRO only; the global scope gives the global IDO', async () => {
    const deps = fakeDeps(world(), { pseudonymScope: 'global' });
    const grant = await decideAccess(deps, ctx, session, chosenOf(atlas));
    assert.deepEqual(
      grant.attributes.map((a) => a.name),
      ['IDO', 'UAI', 'PRO'],
    );
    assert.equal(grant.ido, idoIn(deps, globalPseudonymScope));
  });

  it('the person unknown in the establishment: ERR_LOGIN_USER_UNKNOWN', async () => {
    const access = { person, uai: '0560019A', resource: resource(maths) };
    const w = world();
    w.licences.add(`0560019A ${maths}`);
    assert.equal(await rejectedCode(decideAccessAt(fakeDeps(w), ctx, access)), 'ERR_LOGIN_USER_UNKNOWN');
  });

  it('no pseudonym secret: ERR_LOGIN_NOT_CONFIGURED', async () => {
    const deps = fakeDeps(world(), { pseudonymKey: undefined });
    assert.equal(await rejectedCode(decideAccess(deps, ctx, session, chosenOf(maths))), 'ERR_LOGIN_NOT_CONFIGURED');
  });
});

describe('access decision, the entries', () => {
  it('one access opens the intent once: chooseResource then decideAccess, in the establishment it names', async () => {
    const deps = fakeDeps();
    const cookie = clicked(deps, { idRessource: maths, uai: secondUai, spEntityId: sp });
    const choice = await chooseResource(deps, ctx, partner, cookie);
    assert.ok(choice.kind === 'resource');
    const grant = await decideAccess(deps, ctx, { ...session, uai: firstUai }, choice);
    assert.equal(grant.uai, secondUai);
    assert.equal(deps.intents.opened, 1);
  });

  it('admitAccess (CAS login) checks the licence, no release; decideAccessAt (validation) checks again', async () => {
    const w = world();
    let resolved = 0;
    const deps = fakeDeps(w);
    type Resolve = typeof deps.people.resolvePerson;
    const resolvePerson: Resolve = async (...args) => {
      resolved += 1;
      return deps.people.resolvePerson(...args);
    };
    const people = { ...deps.people, resolvePerson };
    const admitted = await admitAccess({ ...deps, people }, ctx, session, chosenOf(maths));
    assert.deepEqual({ uai: admitted.uai, resolved }, { uai: firstUai, resolved: 0 });
    w.licences.clear();
    assert.equal(await rejectedCode(decideAccessAt({ ...deps, people }, ctx, admitted)), 'ERR_LOGIN_NOT_ENTITLED');
    assert.equal(await rejectedCode(admitAccess(deps, ctx, session, chosenOf(maths))), 'ERR_LOGIN_NOT_ENTITLED');
  });
});
