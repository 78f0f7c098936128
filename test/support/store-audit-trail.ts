/** The SQL store's side of a contract subject's audit trail: read through the operator console's port. */
import { createOperatorConsoleSource, type Store } from '../../src/store/index.js';
import type { AuditTrail } from './contract-subject.js';

export function storeAuditTrail(store: Store): AuditTrail {
  const source = createOperatorConsoleSource(store);
  return async (actionPrefix) => {
    const { events } = await source.auditTrail(actionPrefix === undefined ? {} : { actionPrefix }, {
      page: 1,
      size: 10_000,
    });
    return [...events].sort((a, b) => a.id - b.id);
  };
}
