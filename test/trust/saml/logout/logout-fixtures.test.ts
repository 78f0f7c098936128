/**
 * One test per fixture of test/fixtures/saml/logout/: the exact code readLogoutRequest or
 * readLogoutResponse refuses it with, or, for the valid ones, every field returned. The README
 * table must be the one logout-fixture-table.ts holds, and the folder must hold exactly its files.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import {
  readLogoutRequest,
  readLogoutResponse,
  readSamlMetadata,
  type IdpMetadata,
  type IncomingSamlMessage,
  type SpMetadata,
} from '../../../../src/trust/index.js';
import { rejectedCode } from '../../../support/thrown-code.js';
import { logoutFixtureFolder, logoutFixtureInstant, logoutParties, logoutUris } from './logout-fixture-parties.js';
import { accepted, logoutFixtureTable, type LogoutFixtureRow } from './logout-fixture-table.js';

const text = (file: string): string => readFileSync(new URL(file, logoutFixtureFolder), 'utf8');
const now = new Date(logoutFixtureInstant.getTime() + 30_000);
const ent: IdpMetadata = readSamlMetadata(text('ent-metadata.xml'), { expected: 'idp', now });
const publisher: SpMetadata = readSamlMetadata(text('publisher-metadata.xml'), { expected: 'sp', now });
const partners = new Map<string, IdpMetadata | SpMetadata>([
  [ent.entityId, ent],
  [publisher.entityId, publisher],
]);

/** The fixture as it reaches a SingleLogoutService endpoint, by its file name's suffix (see the README). */
function incoming(file: string): IncomingSamlMessage {
  const content = text(file).replace(/\n$/, '');
  if (file.endsWith('.query.txt')) return { binding: 'HTTP-Redirect', rawQuery: content };
  const samlMessage = file.endsWith('.post.xml') ? Buffer.from(content, 'utf8').toString('base64') : content;
  return { binding: 'HTTP-POST', samlMessage, relayState: logoutParties.relayState };
}

function readFixture(row: LogoutFixtureRow): Promise<unknown> {
  const expect = {
    findPartner: async (entityId: string) => partners.get(entityId),
    destination: row.at === 'sp' ? logoutParties.brokerSpSlo : logoutParties.brokerIdpSlo,
    now,
    skewSeconds: 60,
  };
  const message = incoming(row.file);
  return row.readAs === 'request' ? readLogoutRequest(message, expect) : readLogoutResponse(message, expect);
}

const relay = { relayState: logoutParties.relayState };
const status = (name: string): string => `${logoutUris.status}${name}`;
const publisherRequest = {
  id: logoutParties.requestId,
  issuer: logoutParties.publisher,
  issueInstant: logoutFixtureInstant,
  notOnOrAfter: new Date(logoutFixtureInstant.getTime() + 300_000),
  nameId: { value: logoutParties.publisherNameId, format: logoutUris.transient },
  sessionIndexes: ['_session-a'],
};
const publisherResponse = {
  id: logoutParties.responseId,
  issuer: logoutParties.publisher,
  inResponseTo: logoutParties.brokerRequestId,
};

/** What each valid fixture says (make-logout-fixtures.ts), without its partner. */
const expectedFields: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  'valid.request.ent.redirect.query.txt': {
    id: logoutParties.requestId,
    issuer: logoutParties.ent,
    issueInstant: logoutFixtureInstant,
    binding: 'HTTP-Redirect',
    nameId: { value: logoutParties.entNameId, format: logoutUris.persistent },
    sessionIndexes: ['_session-a', '_session-b'],
    ...relay,
  },
  'valid.request.publisher.post.xml': { ...publisherRequest, binding: 'HTTP-POST', ...relay },
  'valid.request.redirect-sha512.query.txt': { ...publisherRequest, binding: 'HTTP-Redirect' },
  'valid.request.not-on-or-after-within-skew.post.xml': {
    ...publisherRequest,
    notOnOrAfter: logoutFixtureInstant,
    binding: 'HTTP-POST',
    ...relay,
  },
  'valid.response.publisher.redirect.query.txt': {
    ...publisherResponse,
    binding: 'HTTP-Redirect',
    status: status('Success'),
    ...relay,
  },
  'valid.response.ent.post.xml': {
    ...publisherResponse,
    issuer: logoutParties.ent,
    binding: 'HTTP-POST',
    status: status('Success'),
    subStatus: status('PartialLogout'),
    ...relay,
  },
  'valid.response.requester-status.redirect.query.txt': {
    ...publisherResponse,
    binding: 'HTTP-Redirect',
    status: status('Requester'),
    subStatus: status('UnknownPrincipal'),
    ...relay,
  },
};

describe('trust/saml readLogoutRequest / readLogoutResponse: the logout fixture corpus', () => {
  for (const row of logoutFixtureTable) {
    if (row.expected !== accepted) {
      it(`${row.file} (as ${row.readAs} at ${row.at}) → ${row.expected}`, async () => {
        assert.equal(await rejectedCode(readFixture(row)), row.expected);
      });
      continue;
    }
    it(`${row.file} (as ${row.readAs} at ${row.at}) → accepted, with every field`, async () => {
      const { partner, ...fields } = (await readFixture(row)) as { partner: IdpMetadata | SpMetadata };
      assert.deepEqual(fields, expectedFields[row.file]);
      assert.equal(partner.entityId, row.at === 'sp' ? logoutParties.ent : logoutParties.publisher);
    });
  }

  it('every valid fixture has its expected fields written down', () => {
    const valid = logoutFixtureTable.filter((row) => row.expected === accepted).map((row) => row.file);
    assert.deepEqual(valid.sort(), Object.keys(expectedFields).sort());
  });

  it('the deflate bomb is refused in a few milliseconds', async () => {
    const bomb = logoutFixtureTable.find((row) => row.file.startsWith('deflate-bomb')) as LogoutFixtureRow;
    const started = process.hrtime.bigint();
    assert.equal(await rejectedCode(readFixture(bomb)), 'ERR_SAML_INFLATE');
    assert.ok(Number(process.hrtime.bigint() - started) / 1e6 < 50);
  });

  it('the README table and the folder list exactly these fixtures, with these expectations', () => {
    const rows = text('README.md')
      .split('\n')
      .filter((line) => /^\| `/.test(line))
      .map((line) => {
        const cells = line.split(/(?<!\\)\|/).map((cell) => cell.trim());
        return [cells[1]?.replaceAll('`', ''), cells[3], cells[4], cells[5]?.replaceAll('`', '')];
      });
    assert.deepEqual(
      rows,
      logoutFixtureTable.map((row) => [row.file, row.readAs, row.at, row.expected]),
    );
    const notFixtures = new Set(['README.md', 'ent-metadata.xml', 'publisher-metadata.xml']);
    const files = readdirSync(logoutFixtureFolder)
      .filter((f) => !/\.(pem|xsd)$/.test(f) && !notFixtures.has(f))
      .sort();
    assert.deepEqual(files, logoutFixtureTable.map((row) => row.file).sort());
  });
});
