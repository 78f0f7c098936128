/**
 * The operator's pages on the real console router (createApp + consoleRouter + the operator
 * modules) over a fresh store holding the collège of test/support/licensing-fixtures.ts and the
 * catalogue of test/fixtures/resources/valid.catalogue.json. Sessions are console session rows
 * written directly; each request carries the session cookie, the CSRF cookie and, for a form,
 * the matching `_csrf` (HMAC of the CSRF cookie).
 *
 * `operator` is the operator `alice`; `manager` is licence manager `dir-1` of the collège;
 * `anonymous` sends no session.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Express } from 'express';
import request, { type Response } from 'supertest';
import type { ContractAudit, ContractDocument, RequestableCode } from '../../../src/attribute-filter/index.js';
import type { Clock } from '../../../src/core/clock.js';
import { operatorHomePages, operatorPages } from '../../../src/console/index.js';
import {
  createCasServiceStore,
  createConsoleSessionStore,
  createContractStore,
  createOidcClientStore,
  createOidcEntRegistry,
  createOperatorConsoleSource,
  createPartnerCertificateStore,
  createResourceStore,
  createSamlPartnerStore,
  type Store,
} from '../../../src/store/index.js';
import { parseResourceDocument } from '../../../src/subscriptions/index.js';
import type { BrokerKeyring } from '../../../src/trust/index.js';
import { consoleTestApp } from '../../support/console-test-app.js';
import { freshStore, type TestDialect } from '../../support/each-dialect.js';
import { entId, seedDirectory, uai } from '../../support/licensing-fixtures.js';

export const origin = 'https://console.test';
export const start = new Date('2025-09-02T08:00:00.000Z');
export type Who = 'operator' | 'manager' | 'anonymous';

export const catalogue = parseResourceDocument(
  readFileSync(join(import.meta.dirname, '../../fixtures/resources/valid.catalogue.json'), 'utf8'),
  'many',
);
export const maths = catalogue[0]!.idRessource;

export interface TestClock extends Clock {
  set(at: Date): void;
}

export interface OperatorHarness {
  readonly app: Express;
  readonly store: Store;
  readonly clock: TestClock;
  get(path: string, who?: Who, lang?: 'fr' | 'en'): Promise<Response>;
  /** A form post; `_csrf` is right unless `csrf` says otherwise (null: left out). */
  post(path: string, form?: Readonly<Record<string, string>>, who?: Who, csrf?: string | null): Promise<Response>;
  close(): Promise<void>;
}

const sha256hex = (value: string): string => createHash('sha256').update(value, 'utf8').digest('hex');

async function addManager(store: Store): Promise<void> {
  const at = '2025-09-01T00:00:00.000Z';
  await store.db
    .insertInto('manager')
    .values({
      ent_id: entId,
      degree: '2D',
      person_id: 'dir-1',
      last_name: 'Martin',
      first_name: 'Claire',
      civility: null,
      mails: '[]',
      establishments: JSON.stringify([uai]),
      record_hash: 'h',
      departed_at: null,
      updated_at: at,
    })
    .execute();
  await store.db
    .insertInto('manager_establishment')
    .values({ ent_id: entId, degree: '2D', person_id: 'dir-1', uai })
    .execute();
}

async function openSessions(store: Store, clock: Clock): Promise<Map<Who, string>> {
  const sessions = createConsoleSessionStore(store);
  const now = clock.now();
  const far = new Date(now.getTime() + 86_400_000 * 3650);
  const cookies = new Map<Who, string>();
  for (const [who, subject] of [
    ['operator', { kind: 'operator', login: 'alice' }],
    ['manager', { kind: 'manager', entId, personId: 'dir-1' }],
  ] as const) {
    const value = randomBytes(32).toString('base64url');
    await sessions.create(sha256hex(value), subject, { createdAt: now, expiresAt: far, idleExpiresAt: far });
    cookies.set(who, value);
  }
  return cookies;
}

export async function operatorHarness(
  dialect: TestDialect,
  options: { readonly keyring?: (now: Date) => BrokerKeyring | undefined } = {},
): Promise<OperatorHarness> {
  const store = await freshStore(dialect);
  await seedDirectory(store.db, { pupilsPerClass: 1 });
  await addManager(store);
  await createResourceStore(store).saveResources(catalogue, { actor: 'cli:setup', at: start });
  let now = start.getTime();
  const clock: TestClock = {
    now: () => new Date(now),
    set: (at) => {
      now = at.getTime();
    },
  };
  const operator = operatorPages({
    source: createOperatorConsoleSource(store),
    contracts: createContractStore(store),
    resources: createResourceStore(store),
    samlPartners: createSamlPartnerStore(store),
    certificates: createPartnerCertificateStore(store),
    ...(options.keyring ? { keyring: options.keyring } : {}),
    oidcEnts: createOidcEntRegistry(store),
    oidcClients: createOidcClientStore(store),
    casServices: createCasServiceStore(store),
  });
  const {
    app,
    token,
    cookie: cookieOf,
  } = consoleTestApp(store, [operatorHomePages(), operator], clock, () => origin, [entId]);
  const sessions = await openSessions(store, clock);
  const cookie = (who: Who): string => cookieOf(sessions.get(who));
  return {
    app,
    store,
    clock,
    get: (path, who = 'operator', lang = 'fr') =>
      request(app)
        .get(path)
        .set({ Cookie: `${cookie(who)}; gar_lang=${lang}` }),
    post: (path, form = {}, who = 'operator', csrf = token) => {
      const body = new URLSearchParams();
      if (csrf !== null) body.append('_csrf', csrf);
      for (const [name, value] of Object.entries(form)) body.append(name, value);
      return request(app)
        .post(path)
        .type('form')
        .set({ Cookie: cookie(who) })
        .send(body.toString());
    },
    close: () => store.close(),
  };
}

export const contractAudit = (day: number, actor = 'cli:editeur'): ContractAudit => ({
  actor,
  at: new Date(`2025-08-${String(day).padStart(2, '0')}T08:00:00.000Z`),
});

export const contractDocument = (
  version: number,
  attributs: readonly RequestableCode[],
  idRessource = maths,
): ContractDocument => ({
  idRessource,
  version,
  finalite: `Suivre les exercices de l’élève (version ${version}).`,
  attributs,
});

/** Everything a refused or forbidden request must leave as it was: contract rows, certificates, audit rows. */
export async function operatorSnapshot(store: Store): Promise<string> {
  const { db } = store;
  const [contracts, certificates, audits] = await Promise.all([
    db
      .selectFrom('contract')
      .select(['resource_id', 'version', 'status', 'decided_at', 'decided_by', 'reason'])
      .orderBy('resource_id')
      .orderBy('version')
      .execute(),
    db.selectFrom('partner_certificate').select(['fingerprint', 'revoked_at']).orderBy('fingerprint').execute(),
    db
      .selectFrom('audit_event')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return JSON.stringify({ contracts, certificates, audits: Number(audits.n) });
}

/** The error code a console page shows (error page or in-page refusal). */
export function pageCode(html: string): string | undefined {
  return /\((ERR_[A-Z_]+)\)/.exec(html)?.[1];
}

export const contractPath = (id: string): string => `/console/operateur/contrats/${encodeURIComponent(id)}`;
