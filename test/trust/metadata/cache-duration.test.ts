/**
 * `cacheDuration` (saml-metadata-2.0-os §2.3.2): the xs:duration forms read to milliseconds
 * (years and months at their shortest), the shortest of the entity's and the role's exposed as
 * `cacheDurationMs`, and a malformed or negative one refusing the document whole.
 */
import assert from 'node:assert/strict';
import { parseXsDuration } from '../../../src/trust/metadata/parse-xs-duration.js';
import { readSamlMetadata } from '../../../src/trust/index.js';
import { metadataFixture } from '../../support/saml-metadata-fixtures.js';
import { thrownCode } from '../../support/thrown-code.js';

const day = 86_400_000;

describe('trust/metadata parseXsDuration', () => {
  const cases: ReadonlyArray<[string, number | undefined]> = [
    ['PT6H', 6 * 3_600_000],
    ['P1D', day],
    ['PT30M', 1_800_000],
    ['PT0.5S', 500],
    ['PT0S', 0],
    ['P1DT12H', 1.5 * day],
    ['P1Y', 365 * day],
    ['P1M', 28 * day],
    ['P1Y2M3DT4H5M6S', 365 * day + 56 * day + 3 * day + 4 * 3_600_000 + 5 * 60_000 + 6000],
    ['-PT1H', -3_600_000],
    ['P', undefined],
    ['PT', undefined],
    ['P1DT', undefined],
    ['6H', undefined],
    ['PT6h', undefined],
    [' PT6H', undefined],
    ['PT1H30', undefined],
    ['P1H', undefined],
    ['PT1.S', undefined],
    ['', undefined],
    [`P${'1'.repeat(70)}D`, undefined],
  ];
  for (const [text, ms] of cases) {
    it(`${JSON.stringify(text)} → ${String(ms)}`, () => assert.equal(parseXsDuration(text), ms));
  }
});

describe('trust/metadata readSamlMetadata: cacheDuration', () => {
  const now = new Date();
  const idp = metadataFixture('idp.valid.xml');
  const read = (xml: string) => readSamlMetadata(xml, { expected: 'idp', now });
  const withRoleDuration = (xml: string, value: string) =>
    xml.replace('<md:IDPSSODescriptor ', `<md:IDPSSODescriptor cacheDuration="${value}" `);

  it("the entity's cacheDuration is exposed in milliseconds", () =>
    assert.equal(read(idp).cacheDurationMs, 6 * 3_600_000));

  it("the shorter of the entity's and the role's wins", () => {
    assert.equal(read(withRoleDuration(idp, 'PT1H')).cacheDurationMs, 3_600_000);
    assert.equal(read(withRoleDuration(idp, 'P2D')).cacheDurationMs, 6 * 3_600_000);
  });

  it('absent: no cacheDurationMs', () =>
    assert.equal(read(idp.replace(' cacheDuration="PT6H"', '')).cacheDurationMs, undefined));

  for (const bad of ['6 hours', '-PT1H', 'P']) {
    it(`cacheDuration="${bad}" → ERR_METADATA_INVALID`, () =>
      assert.equal(
        thrownCode(() => read(idp.replace('cacheDuration="PT6H"', `cacheDuration="${bad}"`))),
        'ERR_METADATA_INVALID',
      ));
  }
});
