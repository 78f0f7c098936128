/**
 * Test helper: reads a whole delivery and returns what came out, or the code of the structural
 * error that stopped it (tests assert codes, never message text).
 */
import { isBrokerError } from '../../../src/core/broker-error.js';
import type { FeedFileInfo, FeedIssue, FeedRecord } from '../../../src/directory/feed/feed-records.js';
import type { Degree } from '../../../src/directory/feed/feed-spec.js';
import { openDelivery } from '../../../src/directory/feed/read-delivery.js';

export interface DeliveryOutcome {
  readonly records: FeedRecord[];
  readonly issues: FeedIssue[];
  readonly files: readonly FeedFileInfo[];
  readonly degree: Degree | null;
  readonly source: string | null;
  /** The code of the BrokerError that refused the delivery, or null when it was read through. */
  readonly error: string | null;
  readonly errorDetail: string | null;
}

export async function collectDelivery(path: string | undefined, entId = 'Z0'): Promise<DeliveryOutcome> {
  const records: FeedRecord[] = [];
  const issues: FeedIssue[] = [];
  let reader: Awaited<ReturnType<typeof openDelivery>> | null = null;
  try {
    reader = await openDelivery(path, { entId });
    for await (const item of reader.items()) {
      if (item.ok) records.push(item.record);
      else issues.push(item.issue);
    }
    return {
      records,
      issues,
      files: reader.files,
      degree: reader.degree(),
      source: reader.source,
      error: null,
      errorDetail: null,
    };
  } catch (err) {
    if (!isBrokerError(err)) throw err;
    const files = reader?.files ?? [];
    return {
      records,
      issues,
      files,
      degree: reader?.degree() ?? null,
      source: reader?.source ?? null,
      error: err.code,
      errorDetail: err.detail ?? null,
    };
  }
}

/** The code of the BrokerError a promise rejects with (fails the test when it resolves). */
export async function rejectionCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    if (isBrokerError(err)) return err.code;
    throw err;
  }
  throw new Error('expected a BrokerError, got none');
}
