/** Assignment reports on both dialects: the AssignmentReportStore contract over licensing-fixtures.ts. */
import { createAssignmentReportStore, createLicensingStore } from '../../../src/store/index.js';
import { assignmentReportStoreContract } from '../../subscriptions/contracts/assignment-report-store.contract.js';
import { describeEachDialect, freshStore } from '../../support/each-dialect.js';
import { addSubscription, seedDirectory } from '../../support/licensing-fixtures.js';

describeEachDialect('SQL assignment report store', (dialect) => {
  assignmentReportStoreContract(async () => {
    const store = await freshStore(dialect);
    await seedDirectory(store.db, { pupilsPerClass: 15 });
    return {
      reports: createAssignmentReportStore(store),
      licensing: createLicensingStore(store),
      seed: { addSubscription: (spec) => addSubscription(store.db, spec) },
      close: () => store.close(),
    };
  });
});
