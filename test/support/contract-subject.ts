/**
 * What the port contracts (test/<module>/contracts/*.contract.ts) share. A contract declares its
 * cases against a subject: the port under test, and what the cases need to seed data or to see
 * an effect the port itself does not read back. An implementation's test hands the contract a
 * factory that opens a fresh subject for each case.
 */
import type { AuditEventRow } from '../../src/console/index.js';

export interface ContractSubject {
  close(): Promise<void>;
}

/** Opens a fresh subject before each case and closes it after; the getter gives the current one. */
export function eachSubject<S extends ContractSubject>(open: () => Promise<S>): () => S {
  let current: S | undefined;
  beforeEach(async () => {
    current = await open();
  });
  afterEach(async () => {
    const closing = current;
    current = undefined;
    await closing?.close();
  });
  return () => {
    if (current === undefined) throw new Error('a contract subject exists only inside a case');
    return current;
  };
}

/**
 * The audit trail (the operator's view of it), oldest first, optionally only the actions starting
 * with `actionPrefix`: ports whose writes are audited show their events here.
 */
export type AuditTrail = (actionPrefix?: string) => Promise<readonly AuditEventRow[]>;

/** An audited state (`before` or `after` of an event) as the value it was written from. */
export const auditedState = (state: string | null): unknown => (state === null ? null : (JSON.parse(state) as unknown));
