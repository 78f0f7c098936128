/**
 * The checks every verified ENT answer passes (src/broker/accept-ent-answer.ts), shared by the
 * brokered login and the console: replay first, then the login transaction of this browser, used
 * once, from the ENT it was sent to. In-memory stores; each refusal asserted by its code, and its
 * public message by the caller's own words (`LoginRetry`), whichever SP asked.
 */
import assert from 'node:assert/strict';
import {
  acceptEntResponse,
  brokeredLoginRetry,
  type EntAnswerStores,
  type LoginRetry,
} from '../../src/broker/accept-ent-answer.js';
import type { ConsumeRefusal, LoginTransaction } from '../../src/broker/index.js';
import { isBrokerError } from '../../src/core/broker-error.js';
import type { VerifiedAnyEntResponse } from '../../src/idp-bridge/index.js';
import { rejectedCode } from '../support/thrown-code.js';

const now = new Date('2025-03-01T10:00:00Z');
const binding = 'b'.repeat(64);
const consoleRetry: LoginRetry = { asker: 'la console', again: 'recommencez depuis la console.' };

function transaction(requestId: string, entId = 'ENT-A'): LoginTransaction {
  return {
    id: `t-${requestId}`,
    createdAt: now,
    expiresAt: new Date(now.getTime() + 600_000),
    browserBinding: binding,
    upstream: { entId, requestId },
  };
}

/** Transactions by request id (or the refusal the store gives), a replay cache, and what was consumed. */
function memoryStores(outcomes: Record<string, LoginTransaction | ConsumeRefusal>) {
  const remembered = new Set<string>();
  const consumed: string[] = [];
  const stores: EntAnswerStores = {
    transactions: {
      open: async () => undefined,
      consume: async (requestId, browserBinding) => {
        consumed.push(requestId);
        const outcome = outcomes[requestId] ?? 'unknown';
        if (typeof outcome === 'string') return { refused: outcome };
        return browserBinding === outcome.browserBinding ? outcome : { refused: 'other-browser' };
      },
      purgeExpired: async () => 0,
    },
    replay: {
      remember: async (issuer, key) => {
        const entry = `${issuer} ${key}`;
        if (remembered.has(entry)) return 'replayed';
        remembered.add(entry);
        return 'new';
      },
      purgeExpired: async () => 0,
    },
  };
  return { stores, consumed };
}

function response(inResponseTo: string | undefined, entId = 'ENT-A', assertionId = '_a1'): VerifiedAnyEntResponse {
  return {
    kind: 'authenticated',
    assertionId,
    usableUntil: new Date(now.getTime() + 300_000),
    identity: { entId, entUserId: 'u-1', issuer: `https://${entId}.test/idp`, authnInstant: now },
    ...(inResponseTo === undefined ? {} : { inResponseTo }),
  };
}

async function publicMessage(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (error) {
    if (isBrokerError(error)) return error.message;
    throw error;
  }
  throw new Error('expected a BrokerError');
}

describe('acceptEntResponse: the checks on a verified ENT answer, brokered login and console alike', () => {
  it('consumes the transaction InResponseTo names, from this browser and this ENT', async () => {
    const { stores, consumed } = memoryStores({ _r1: transaction('_r1') });
    const accepted = await acceptEntResponse(stores, response('_r1'), binding, now, brokeredLoginRetry);
    assert.equal(accepted?.upstream.requestId, '_r1');
    assert.deepEqual(consumed, ['_r1']);
  });

  it("remembers an unsolicited Response (the console's) and consumes no transaction", async () => {
    const { stores, consumed } = memoryStores({});
    assert.equal(await acceptEntResponse(stores, response(undefined), undefined, now, consoleRetry), undefined);
    assert.deepEqual(consumed, []);
    const again = acceptEntResponse(stores, response(undefined), undefined, now, consoleRetry);
    assert.equal(await rejectedCode(again), 'ERR_LOGIN_ASSERTION_REPLAYED');
  });

  it('refuses a replayed assertion before looking at any transaction', async () => {
    const { stores, consumed } = memoryStores({ _r1: transaction('_r1'), _r2: transaction('_r2') });
    await acceptEntResponse(stores, response('_r1'), binding, now, brokeredLoginRetry);
    const replayed = acceptEntResponse(stores, response('_r2'), binding, now, brokeredLoginRetry);
    assert.equal(await rejectedCode(replayed), 'ERR_LOGIN_ASSERTION_REPLAYED');
    assert.deepEqual(consumed, ['_r1']);
  });

  type Refusal = readonly [string, Record<string, LoginTransaction | ConsumeRefusal>, string | undefined, string];
  const refusals: readonly Refusal[] = [
    ['no binding cookie', { _r1: transaction('_r1') }, undefined, 'ERR_LOGIN_NO_BROWSER_BINDING'],
    ['a request id no transaction has', {}, binding, 'ERR_LOGIN_TRANSACTION_UNKNOWN'],
    ['an expired transaction', { _r1: 'expired' }, binding, 'ERR_LOGIN_TRANSACTION_EXPIRED'],
    ['a transaction already consumed', { _r1: 'consumed' }, binding, 'ERR_LOGIN_TRANSACTION_CONSUMED'],
    [
      "another browser's transaction",
      { _r1: transaction('_r1') },
      'c'.repeat(64),
      'ERR_LOGIN_TRANSACTION_OTHER_BROWSER',
    ],
    ['a transaction sent to another ENT', { _r1: transaction('_r1', 'ENT-B') }, binding, 'ERR_LOGIN_IDP_MISMATCH'],
  ];
  for (const [name, outcomes, browser, code] of refusals) {
    it(`refuses ${name} (${code})`, async () => {
      const { stores } = memoryStores(outcomes);
      const accepting = acceptEntResponse(stores, response('_r1'), browser, now, brokeredLoginRetry);
      assert.equal(await rejectedCode(accepting), code);
    });
  }

  it('tells the user where to start again in the words of the SP that asked', async () => {
    for (const retry of [brokeredLoginRetry, consoleRetry]) {
      const { stores } = memoryStores({ _r1: 'expired' });
      const message = await publicMessage(acceptEntResponse(stores, response('_r1'), binding, now, retry));
      assert.ok(message.endsWith(retry.again), message);
      const unknownStores = memoryStores({}).stores;
      const unknown = await publicMessage(acceptEntResponse(unknownStores, response('_r2'), binding, now, retry));
      assert.ok(unknown.includes(`par ${retry.asker} :`), unknown);
    }
  });
});
