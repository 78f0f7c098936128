/**
 * The directory's "resolve" on both dialects: the PersonAttributeSource contract over the
 * licensing fixtures' collège made richer by directory-attribute-fixtures.ts.
 */
import { createPersonAttributeSource } from '../../../src/store/index.js';
import { personAttributeSourceContract } from '../../directory/contracts/person-attribute-source.contract.js';
import { enrichDirectory, trackedAt } from '../../support/directory-attribute-fixtures.js';
import { describeEachDialect, freshStore } from '../../support/each-dialect.js';
import { departPerson, seedDirectory, uai } from '../../support/licensing-fixtures.js';

describeEachDialect('SQL person attribute source', (dialect) => {
  personAttributeSourceContract(async () => {
    const store = await freshStore(dialect);
    const { db } = store;
    await seedDirectory(db, { pupilsPerClass: 3 });
    await enrichDirectory(db);
    return {
      source: createPersonAttributeSource(store),
      seed: {
        departPerson: (personId) => departPerson(db, personId),
        departGroups: async (codes) => {
          await db
            .updateTable('student_group')
            .set({ departed_at: trackedAt })
            .where('uai', '=', uai)
            .where('code', 'in', [...codes])
            .execute();
        },
        departSubject: async (code) => {
          await db.updateTable('subject').set({ departed_at: trackedAt }).where('code', '=', code).execute();
        },
        setMails: async (personId, mails) => {
          await db
            .updateTable('person')
            .set({ mails: JSON.stringify(mails) })
            .where('person_id', '=', personId)
            .execute();
        },
      },
      close: () => store.close(),
    };
  });
});
