/**
 * Pull-based reading of exact byte counts from a stream of chunks, without copying whole chunks:
 * what a streaming tar reader needs (512-byte headers, then a member body of known size).
 */
export class ByteSource {
  private buffered: Buffer = Buffer.alloc(0);

  constructor(private readonly iterator: AsyncIterator<Uint8Array>) {}

  /** The next bytes, at most `max` of them (a view, not a copy), or null at the end of input. */
  async next(max: number): Promise<Buffer | null> {
    while (this.buffered.length === 0) {
      const result = await this.iterator.next();
      if (result.done === true) return null;
      const chunk = result.value;
      this.buffered = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    }
    const out = this.buffered.subarray(0, max);
    this.buffered = this.buffered.subarray(out.length);
    return out;
  }

  /** Exactly `n` bytes, or fewer when the input ends first (the caller decides what that means). */
  async readExact(n: number): Promise<Buffer> {
    const first = await this.next(n);
    if (first === null) return Buffer.alloc(0);
    if (first.length === n) return first;
    const parts = [first];
    let got = first.length;
    while (got < n) {
      const part = await this.next(n - got);
      if (part === null) break;
      parts.push(part);
      got += part.length;
    }
    return Buffer.concat(parts, got);
  }

  /** Skips `n` bytes; returns how many were actually there. */
  async skip(n: number): Promise<number> {
    let left = n;
    while (left > 0) {
      const part = await this.next(left);
      if (part === null) break;
      left -= part.length;
    }
    return n - left;
  }

  /** Reads and drops everything left, so that whoever hashes the input sees all of it. */
  async drain(): Promise<void> {
    while ((await this.next(Number.MAX_SAFE_INTEGER)) !== null) {
      /* dropped */
    }
  }
}
