import assert from 'node:assert/strict';
import { checkFeedFileName, parseFeedFileName } from '../../../src/directory/feed/parse-feed-file-name.js';
import { rejectionCode } from './collect-delivery.js';

describe('parseFeedFileName', () => {
  it('reads idENT, timestamp, degree, kind and sequence', () => {
    assert.deepEqual(parseFeedFileName('Z0_GAR-ENT_Complet_20261128_010000_2D_Eleve_0000.xml'), {
      entId: 'Z0',
      timestamp: '20261128_010000',
      degree: '2D',
      kind: 'Eleve',
      sequence: 0,
    });
    assert.deepEqual(parseFeedFileName('B0_GAR-ENT_Complet_20260101_235959_1D_RespAff_0042.xml'), {
      entId: 'B0',
      timestamp: '20260101_235959',
      degree: '1D',
      kind: 'RespAff',
      sequence: 42,
    });
  });

  const refused = [
    'Z0_GAR-ENT_Complet_20261128_010000_2D_Eleve_0000.XML',
    'Z0_GAR-ENT_Complet_20261128_010000_2D_Eleves_0000.xml',
    'Z0_GAR-ENT_Complet_20261128_010000_3D_Eleve_0000.xml',
    'Z0_GAR-ENT_Delta_20261128_010000_2D_Eleve_0000.xml',
    'Z0_GAR-ENT_Complet_20261128_010000_2D_Eleve_000.xml',
    'Z0_GAR-ENT_Complet_20261328_010000_2D_Eleve_0000.xml',
    'Z0_GAR-ENT_Complet_20261128_250000_2D_Eleve_0000.xml',
    'Z0_GAR-ENT_Complet_20261128_010000_2D_Eleve_0000.xml.bak',
    '../Z0_GAR-ENT_Complet_20261128_010000_2D_Eleve_0000.xml',
    'eleves.xml',
  ];
  for (const name of refused) {
    it(`refuses ${name}`, () => {
      assert.equal(parseFeedFileName(name), null);
    });
  }
});

describe('checkFeedFileName', () => {
  it('accepts a file of the ENT project being imported', () => {
    assert.equal(checkFeedFileName('Z0_GAR-ENT_Complet_20261128_010000_2D_Etab_0000.xml', 'Z0').kind, 'Etab');
  });

  it('refuses a bad name and a file of another ENT project with ERR_FEED_FILE_NAME', async () => {
    assert.equal(await rejectionCode((async () => checkFeedFileName('eleves.xml', 'Z0'))()), 'ERR_FEED_FILE_NAME');
    assert.equal(
      await rejectionCode(
        (async () => checkFeedFileName('B0_GAR-ENT_Complet_20261128_010000_2D_Etab_0000.xml', 'Z0'))(),
      ),
      'ERR_FEED_FILE_NAME',
    );
  });
});
