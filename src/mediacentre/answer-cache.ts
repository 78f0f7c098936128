/**
 * Encoded médiacentre answers, shared between users: an answer depends only on the ENT project,
 * the establishment and which resources are listed (never on who asked), so the pupils of one
 * class mostly receive the same bytes. Rendering and gzip are done once per distinct list and
 * reused for `ttlMs` (`webServices.mediacentreAnswerCacheSeconds`: a changed resource
 * description shows in answers within that delay). Who may see what is decided live before every
 * lookup: only the bytes are shared.
 * Measured (bench:mediacentre): JSON rendering and gzip were about a tenth of the server's CPU.
 */
import { gunzipSync, gzipSync } from 'node:zlib';

/**
 * One answer, kept in one form: plain until a client accepts gzip, then gzip only (ENTs ask gzip:
 * a kept answer then weighs about 0.5 KB instead of 3). The other form is made again when asked.
 */
export interface EncodedAnswer {
  plain?: Buffer;
  gzip?: Buffer;
}

export interface AnswerCacheOptions {
  readonly ttlMs: number;
  readonly maxEntries: number;
  readonly now?: () => number;
}

export type AnswerCache = (key: string, encode: () => Buffer) => EncodedAnswer;

export function answerCache(options: AnswerCacheOptions): AnswerCache {
  const entries = new Map<string, { readonly until: number; readonly answer: EncodedAnswer }>();
  const now = options.now ?? (() => performance.now());
  return (key, encode) => {
    if (options.ttlMs === 0) return { plain: encode() };
    const at = now();
    const entry = entries.get(key);
    if (entry !== undefined && at < entry.until) return entry.answer;
    entries.delete(key);
    // The oldest goes first: Map keeps insertion order.
    if (entries.size >= options.maxEntries) entries.delete(entries.keys().next().value as string);
    const answer: EncodedAnswer = { plain: encode() };
    entries.set(key, { until: at + options.ttlMs, answer });
    return answer;
  };
}

/**
 * Answers are a few kilobytes: a 4 KiB window and a small hash table compress them as well as
 * zlib's defaults (measured: 500 vs 500 bytes for a 2.8 KB answer) while touching 12 KiB of
 * memory instead of about 256 KiB per stream.
 */
const smallMessage = { level: 6, windowBits: 12, memLevel: 4 } as const;

/** The gzip form of an answer, made once; the plain form is then let go. */
export function gzipOf(answer: EncodedAnswer): Buffer {
  if (answer.gzip === undefined) {
    answer.gzip = gzipSync(plainOf(answer), smallMessage);
    delete answer.plain;
  }
  return answer.gzip;
}

export function plainOf(answer: EncodedAnswer): Buffer {
  return answer.plain ?? gunzipSync(answer.gzip ?? Buffer.alloc(0));
}
