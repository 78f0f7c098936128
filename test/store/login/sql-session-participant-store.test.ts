/** The publishers told of a logout, on both dialects: recorded once, handed out once, by session or once it ended. */
import { createBrokerSessionStore, createSessionParticipantStore } from '../../../src/store/index.js';
import { sessionParticipantStoreContract } from '../../broker/contracts/session-participant-store.contract.js';
import { describeEachDialect, freshStore } from '../../support/each-dialect.js';

describeEachDialect('SQL session participant store', (dialect) => {
  sessionParticipantStoreContract(async () => {
    const store = await freshStore(dialect);
    return {
      participants: createSessionParticipantStore(store),
      sessions: createBrokerSessionStore(store),
      close: () => store.close(),
    };
  });
});
