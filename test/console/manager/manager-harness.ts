/**
 * The licence manager's pages on the real console router (createApp + consoleRouter + the
 * manager module) over a fresh store holding the collège of test/support/licensing-fixtures.ts.
 * Managers log in by a console session row written directly; each request carries the session
 * cookie, the CSRF cookie and, for a form, the matching `_csrf` (HMAC of the CSRF cookie).
 *
 * Managers: `dir-1` (a person of the collège) manages `uai` only; `ra-b` manages `otherUai` only;
 * `ra-ab` manages both. `operator` is an operator session; `anonymous` sends no session.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Express } from 'express';
import request, { type Response } from 'supertest';
import type { Clock } from '../../../src/core/clock.js';
import { managerPages } from '../../../src/console/index.js';
import { createManagerConsoleSource } from '../../../src/store/console/sql-manager-console-source.js';
import { createConsoleSessionStore, createLicensingStore, type Store } from '../../../src/store/index.js';
import type { LicensingStore } from '../../../src/subscriptions/index.js';
import { consoleTestApp } from '../../support/console-test-app.js';
import { freshStore, type TestDialect } from '../../support/each-dialect.js';
import { entId, otherUai, seedDirectory, uai } from '../../support/licensing-fixtures.js';

export const origin = 'https://console.test';
export const start = new Date('2025-09-02T08:00:00.000Z');
export type Who = 'a' | 'b' | 'ab' | 'operator' | 'anonymous';

const managers: Readonly<Record<'a' | 'b' | 'ab', { readonly personId: string; readonly uais: readonly string[] }>> = {
  a: { personId: 'dir-1', uais: [uai] },
  b: { personId: 'ra-b', uais: [otherUai] },
  ab: { personId: 'ra-ab', uais: [uai, otherUai] },
};

export interface TestClock extends Clock {
  set(at: Date): void;
}

export interface ManagerHarness {
  readonly app: Express;
  readonly store: Store;
  readonly licensing: LicensingStore;
  readonly clock: TestClock;
  /** The cookies a browser logged in as `who` sends (for a real browser). */
  cookies(who: Who): readonly { readonly name: string; readonly value: string }[];
  get(path: string, who?: Who, headers?: Readonly<Record<string, string>>): Promise<Response>;
  /** A form post; `_csrf` is right unless `csrf` says otherwise (null: left out). Repeated fields as arrays. */
  post(
    path: string,
    form?: Readonly<Record<string, string | readonly string[]>>,
    who?: Who,
    csrf?: string | null,
  ): Promise<Response>;
  close(): Promise<void>;
}

const sha256hex = (value: string): string => createHash('sha256').update(value, 'utf8').digest('hex');

async function addManagers(store: Store): Promise<void> {
  const at = '2025-09-01T00:00:00.000Z';
  for (const { personId, uais } of Object.values(managers)) {
    await store.db
      .insertInto('manager')
      .values({
        ent_id: entId,
        degree: '2D',
        person_id: personId,
        last_name: 'Martin',
        first_name: 'Claire',
        civility: null,
        mails: '[]',
        establishments: JSON.stringify(uais),
        record_hash: 'h',
        departed_at: null,
        updated_at: at,
      })
      .execute();
    for (const u of uais)
      await store.db
        .insertInto('manager_establishment')
        .values({ ent_id: entId, degree: '2D', person_id: personId, uai: u })
        .execute();
  }
}

async function openSessions(store: Store, clock: Clock): Promise<Map<Who, string>> {
  const sessions = createConsoleSessionStore(store);
  const now = clock.now();
  const times = {
    createdAt: now,
    expiresAt: new Date(now.getTime() + 86_400_000 * 365),
    idleExpiresAt: new Date(now.getTime() + 86_400_000 * 365),
  };
  const cookies = new Map<Who, string>();
  for (const [who, m] of Object.entries(managers) as ['a' | 'b' | 'ab', typeof managers.a][]) {
    const value = randomBytes(32).toString('base64url');
    await sessions.create(sha256hex(value), { kind: 'manager', entId, personId: m.personId }, times);
    cookies.set(who, value);
  }
  const operator = randomBytes(32).toString('base64url');
  await sessions.create(sha256hex(operator), { kind: 'operator', login: 'alice' }, times);
  cookies.set('operator', operator);
  return cookies;
}

export interface HarnessOptions {
  readonly pupilsPerClass?: number;
  /** The console's origin for the CSRF Origin check (a real browser's, once listening). */
  readonly origin?: () => string;
}

export async function managerHarness(dialect: TestDialect, options: HarnessOptions = {}): Promise<ManagerHarness> {
  const store = await freshStore(dialect);
  await seedDirectory(store.db, { pupilsPerClass: options.pupilsPerClass ?? 15 });
  await addManagers(store);
  let now = start.getTime();
  const clock: TestClock = {
    now: () => new Date(now),
    set: (at) => {
      now = at.getTime();
    },
  };
  const licensing = createLicensingStore(store);
  const {
    app,
    browser,
    token,
    cookie: cookieOf,
  } = consoleTestApp(
    store,
    [managerPages({ licensing, source: createManagerConsoleSource(store) })],
    clock,
    options.origin ?? (() => origin),
    [entId],
  );
  const sessions = await openSessions(store, clock);
  const cookie = (who: Who): string => cookieOf(sessions.get(who));
  return {
    app,
    store,
    licensing,
    clock,
    cookies: (who) => [
      { name: 'gar_console_csrf', value: browser },
      ...(sessions.has(who) ? [{ name: 'gar_console', value: sessions.get(who) as string }] : []),
    ],
    get: (path, who = 'a', headers = {}) =>
      request(app)
        .get(path)
        .set({ ...headers, Cookie: [cookie(who), headers['Cookie']].filter(Boolean).join('; ') }),
    post: (path, form = {}, who = 'a', csrf = token) => {
      const body = new URLSearchParams();
      if (csrf !== null) body.append('_csrf', csrf);
      for (const [name, value] of Object.entries(form))
        for (const v of typeof value === 'string' ? [value] : value) body.append(name, v);
      return request(app)
        .post(path)
        .type('form')
        .set({ Cookie: cookie(who) })
        .send(body.toString());
    },
    close: () => store.close(),
  };
}

/** Everything a refused or forbidden request must leave as it was. */
export async function licensingSnapshot(store: Store): Promise<string> {
  const { db } = store;
  const [assignments, licences, subscriptions, audits] = await Promise.all([
    db.selectFrom('assignment').select(['id', 'revoked_at']).orderBy('id').execute(),
    db.selectFrom('licence').select(['id', 'released_at']).orderBy('id').execute(),
    db
      .selectFrom('subscription')
      .select(['id', 'used_global', 'used_pupil', 'used_teacher', 'used_librarian', 'used_other'])
      .orderBy('id')
      .execute(),
    db
      .selectFrom('audit_event')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return JSON.stringify({ assignments, licences, subscriptions, audits: Number(audits.n) });
}

/** The error code a console error page shows. */
export function pageCode(html: string): string | undefined {
  return /\((ERR_[A-Z_]+)\)/.exec(html)?.[1];
}

export const base = (u: string): string => `/console/etablissements/${encodeURIComponent(u)}`;
export const subPath = (u: string, distributor: string, id: string): string =>
  `${base(u)}/abonnements/${encodeURIComponent(distributor)}/${encodeURIComponent(id)}`;
