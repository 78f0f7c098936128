/** The code of the BrokerError `work` throws; fails the test when it throws nothing or something else. */
import { isBrokerError } from '../../src/core/broker-error.js';

export function thrownCode(work: () => unknown): string {
  try {
    work();
  } catch (error) {
    if (isBrokerError(error)) return error.code;
    throw error;
  }
  throw new Error('expected a BrokerError');
}

/** The code of the BrokerError `work` rejects with; fails the test when it resolves or rejects otherwise. */
export async function rejectedCode(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (error) {
    if (isBrokerError(error)) return error.code;
    throw error;
  }
  throw new Error('expected a BrokerError');
}
