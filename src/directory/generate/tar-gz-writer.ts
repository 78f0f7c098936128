/**
 * Streams tar members into gzip and a file while computing the archive's MD5, so a delivery of
 * any size is written with bounded memory: only the member being added is held, and gzip's
 * back-pressure pauses the producer when compression lags (it runs on libuv's thread pool).
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip, type Gzip } from 'node:zlib';
import { ustarEnd, ustarHeader, ustarPadding } from './ustar-header.js';

export class TarGzWriter {
  private readonly gzip: Gzip;
  private readonly done: Promise<void>;
  private readonly md5 = createHash('md5');
  private failure: unknown = null;

  constructor(
    path: string,
    private readonly mtimeSeconds: number,
    level: number,
  ) {
    this.gzip = createGzip({ level });
    const tap = new Transform({
      transform: (chunk: Buffer, _encoding, callback) => {
        this.md5.update(chunk);
        callback(null, chunk);
      },
    });
    this.done = pipeline(this.gzip, tap, createWriteStream(path));
    this.done.catch((error: unknown) => {
      this.failure = error;
    });
  }

  /** Adds one member whose content is the concatenation of `chunks`. */
  async add(name: string, chunks: readonly Buffer[]): Promise<void> {
    const size = chunks.reduce((sum, c) => sum + c.length, 0);
    this.write(ustarHeader(name, size, this.mtimeSeconds));
    for (const chunk of chunks) this.write(chunk);
    const ok = this.write(ustarPadding(size));
    if (!ok) await this.drained();
  }

  /** Ends the archive and resolves with its MD5 (hex) once every byte is on disk. */
  async finish(): Promise<string> {
    this.gzip.end(ustarEnd());
    await this.done;
    return this.md5.digest('hex');
  }

  private write(chunk: Buffer): boolean {
    if (this.failure) throw this.failure;
    return chunk.length === 0 ? true : this.gzip.write(chunk);
  }

  private drained(): Promise<void> {
    return new Promise((resolve, reject) => {
      const onDrain = (): void => {
        this.gzip.off('error', onError);
        resolve();
      };
      const onError = (error: unknown): void => {
        this.gzip.off('drain', onDrain);
        reject(error);
      };
      this.gzip.once('drain', onDrain);
      this.gzip.once('error', onError);
    });
  }
}
