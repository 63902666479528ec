const CHUNK_BYTES = 16 * 1024 * 1024
/** A position is `chunk * CHUNK_STRIDE + offset`: exact in a float64 for any chunk count we reach. */
const CHUNK_STRIDE = 2 ** 32
const COMMA = 0x2c

/**
 * The /search JSON of every indexed event, as UTF-8 bytes in large append-only chunks
 * outside the V8 heap. Kept as a million JS strings instead, the text cost 17 to 45 µs per
 * search at a million events (garbage collection marking every string, and flattening the
 * joined answer); copied from here into the reply, a search costs about 7 µs
 * (bench/events: search micro-benchmark). Bytes of replaced events stay until `compact`.
 */
export class JsonArena {
  private readonly chunks: Buffer[] = []
  private tail: Buffer | undefined
  private tailUsed = 0
  /** Bytes appended, live or not. */
  used = 0

  /**
   * Stores `text` and returns its position; its length in bytes is written to
   * `lengths[i]`. A comma follows every text, so that texts appended one after the other
   * read as one JSON list with a single copy (see `adjacent`).
   */
  append(text: string, lengths: Uint32Array, i: number): number {
    const max = text.length * 3 + 1
    if (!this.tail || this.tailUsed + max > this.tail.length) this.newChunk(max)
    const length = this.tail!.write(text, this.tailUsed, 'utf8')
    this.tail![this.tailUsed + length] = COMMA
    lengths[i] = length
    return this.advance(length + 1)
  }

  /** Copies a text stored in another arena into this one. */
  appendFrom(other: JsonArena, at: number, length: number): number {
    if (!this.tail || this.tailUsed + length + 1 > this.tail.length) this.newChunk(length + 1)
    other.copy(at, length + 1, this.tail!, this.tailUsed)
    return this.advance(length + 1)
  }

  /** Whether the text at `next` starts right after the one at `at` and its comma (never across chunks: a chunk is far smaller than the stride). */
  static adjacent(at: number, length: number, next: number): boolean {
    return next === at + length + 1
  }

  /** Copies the bytes at `at` into `target` from `targetAt`; returns the length. */
  copy(at: number, length: number, target: Buffer, targetAt: number): number {
    const chunk = this.chunks[Math.floor(at / CHUNK_STRIDE)]!
    const offset = at % CHUNK_STRIDE
    return chunk.copy(target, targetAt, offset, offset + length)
  }

  text(at: number, length: number): string {
    const offset = at % CHUNK_STRIDE
    return this.chunks[Math.floor(at / CHUNK_STRIDE)]!.toString('utf8', offset, offset + length)
  }

  private advance(bytes: number): number {
    const at = (this.chunks.length - 1) * CHUNK_STRIDE + this.tailUsed
    this.tailUsed += bytes
    this.used += bytes
    return at
  }

  private newChunk(atLeast: number): void {
    this.tail = Buffer.allocUnsafeSlow(Math.max(CHUNK_BYTES, atLeast))
    this.tailUsed = 0
    this.chunks.push(this.tail)
  }
}
