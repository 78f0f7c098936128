/**
 * The real console router in an express app (createApp) over a fresh store, with a clock the test
 * moves, and a browser that keeps cookies itself: supertest's cookie jar would not send the
 * console's `Secure` cookies over plain HTTP.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Express } from 'express';
import { pino } from 'pino';
import request, { type Response } from 'supertest';
import type { Clock } from '../../src/core/clock.js';
import { fail } from '../../src/core/fail.js';
import { consoleRouter, operatorHomePages, type ConsolePageModule } from '../../src/console/index.js';
import { createApp } from '../../src/http/index.js';
import {
  createConsoleSessionStore,
  createManagerScopeSource,
  createOperatorAccountStore,
  type Store,
} from '../../src/store/index.js';
import { hashPassword } from '../../src/trust/index.js';
import { freshStore, type TestDialect } from '../support/each-dialect.js';
import { definedFields } from '../../src/core/defined-fields.js';

export const origin = 'https://console.test';
export const idleMinutes = 30;
export const maxHours = 2;
export const start = new Date('2025-09-02T08:00:00.000Z');

/** A clock the test moves forward. */
export interface TestClock extends Clock {
  advanceMinutes(minutes: number): void;
}

function testClock(at: Date): TestClock {
  let now = at.getTime();
  return {
    now: () => new Date(now),
    advanceMinutes: (minutes) => {
      now += minutes * 60_000;
    },
  };
}

/** Pages the tests need besides the kernel's: failures, and a page behind requireManagerOf. */
const testPages: ConsolePageModule = (router, kit) => {
  router.get('/essai/panne', () => {
    throw new Error('secret-detail-of-a-crash');
  });
  router.get('/essai/panne-codee', () => {
    throw fail('ERR_HTTP_INTERNAL', 'secret-public-message', 'secret-log-detail');
  });
  router.get('/etablissements/:uai/essai', kit.requireManagerOf, (_req, res) => {
    res.type('text').send(`ok ${kit.establishment(res).uai}`);
  });
};

export interface ConsoleHarness {
  readonly app: Express;
  readonly store: Store;
  readonly clock: TestClock;
  browser(): Browser;
  close(): Promise<void>;
}

export async function consoleHarness(dialect: TestDialect): Promise<ConsoleHarness> {
  const store = await freshStore(dialect);
  const clock = testClock(start);
  const logger = pino({ level: 'silent' });
  const router = consoleRouter({
    sessions: createConsoleSessionStore(store),
    managers: createManagerScopeSource(store),
    operators: createOperatorAccountStore(store),
    listEnts: async () => ['Z0'],
    modules: [operatorHomePages(), testPages],
    session: { csrfKey: randomBytes(32), idleMinutes, maxHours, origin: () => origin },
    clock,
    logger,
  });
  const app = createApp({
    logger,
    trustProxy: false,
    readiness: async () => ({ ready: true, checks: {} }),
    mounts: [{ path: '/console', router }],
  });
  return { app, store, clock, browser: () => new Browser(app), close: () => store.close() };
}

export function sha256(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

export async function addOperator(store: Store, login: string, password: string, totpSecret?: string): Promise<void> {
  const audit = { actor: 'test', at: start, correlationId: 'c-test' };
  const outcome = await createOperatorAccountStore(store).createAccount(
    { login, passwordHash: await hashPassword(password), ...definedFields({ totpSecret }) },
    audit,
  );
  if (outcome !== 'created') throw new Error(`operator ${login} not created`);
}

/** The `name` cookie among a response's Set-Cookie headers: its value and attributes (lower-cased names). */
export function setCookie(
  res: Response,
  name: string,
): { readonly value: string; readonly attributes: ReadonlyMap<string, string> } | undefined {
  const headers = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  const line = headers.find((h) => h.startsWith(`${name}=`));
  if (line === undefined) return undefined;
  const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
  return {
    value: pair.slice(name.length + 1),
    attributes: new Map(
      attributes.map((a) => [a.split('=')[0]?.toLowerCase() ?? '', a.includes('=') ? a.slice(a.indexOf('=') + 1) : '']),
    ),
  };
}

/** The error code a console error page shows. */
export function pageCode(html: string): string | undefined {
  return /\((ERR_[A-Z_]+)\)/.exec(html)?.[1];
}

/** A browser: keeps the cookies the console sets and sends them back; reads the CSRF token from the last page. */
export class Browser {
  readonly cookies = new Map<string, string>();
  private token = '';

  constructor(private readonly app: Express) {}

  get csrf(): string {
    return this.token;
  }

  async get(path: string, headers: Readonly<Record<string, string>> = {}): Promise<Response> {
    return this.absorb(
      await request(this.app)
        .get(path)
        .set({ ...headers, Cookie: this.cookieHeader() }),
    );
  }

  /** A form post; `_csrf` is this browser's token unless the form says otherwise (null: left out). */
  async post(
    path: string,
    form: Readonly<Record<string, string | null>> = {},
    headers: Readonly<Record<string, string>> = {},
  ): Promise<Response> {
    const fields = Object.entries({ _csrf: this.token, ...form }).filter((e): e is [string, string] => e[1] !== null);
    return this.absorb(
      await request(this.app)
        .post(path)
        .type('form')
        .set({ ...headers, Cookie: this.cookieHeader() })
        .send(new URLSearchParams(fields).toString()),
    );
  }

  /** Loads the login page: the browser then has its CSRF cookie and token. */
  async open(): Promise<Response> {
    return this.get('/console/connexion');
  }

  /** Posts the operator login form. */
  async logIn(login: string, password: string, totp = ''): Promise<Response> {
    return this.post('/console/connexion', { login, password, totp });
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  private absorb(res: Response): Response {
    for (const line of ([] as string[]).concat(res.headers['set-cookie'] ?? [])) {
      const [pair = ''] = line.split(';');
      const name = pair.slice(0, pair.indexOf('='));
      const value = pair.slice(pair.indexOf('=') + 1);
      if (value === '' || /;\s*Max-Age=0\b/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const token = /<meta name="csrf-token" content="([^"]*)">/.exec(res.text ?? '')?.[1];
    if (token !== undefined) this.token = token;
    return res;
  }
}
