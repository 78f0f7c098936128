/**
 * House habits that a formatter cannot check: comments and docs say what the code does, not when
 * it was written (no issue numbers), and no line of code exceeds 120 characters.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const tracked = (): string[] =>
  execFileSync('git', ['ls-files', '-co', '--exclude-standard'], { encoding: 'utf8' })
    .split('\n')
    .filter((p) => p !== '' && !p.startsWith('test/fixtures/'));

const readable = (path: string): string => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
};

describe('habits', () => {
  it('no issue numbers in code, tests or docs', () => {
    const places = tracked()
      .filter((p) => /\.(ts|mjs|cjs|js|md|eta|json)$/.test(p) || p === '.ci/run')
      .flatMap((p) =>
        readable(p)
          .split('\n')
          .flatMap((line, i) => (/\bissues? ?#?\d+/i.test(line) ? [`${p}:${i + 1}`] : [])),
      );
    assert.deepEqual(places, []);
  });

  it('no line of code is longer than 120 characters (Biome breaks code; strings and comments are ours)', () => {
    const places = tracked()
      .filter((p) => /\.(ts|mjs|cjs|js)$/.test(p))
      .flatMap((p) =>
        readable(p)
          .split('\n')
          .flatMap((line, i) => ([...line].length > 120 ? [`${p}:${i + 1}`] : [])),
      );
    assert.deepEqual(places, []);
  });
});
