import { closeSync, openSync, readSync, writeSync } from 'node:fs'
import type { KeyOutput, SortedSource } from './sorted-source.ts'

/*
 * A run is a spilled table, sorted: per key, u16 song length, the song's bytes, u32 date,
 * then either tag 0 and the total as two u32 (low, high) or tag n and n decimal digits
 * (totals past 2^53).
 */

const TWO_32 = 4294967296
/** The longest key: a song of 65,535 bytes and its date and total. */
const MIN_BUFFER = 65_535 + 64

/** At most how many bytes a key takes in a run (`digits`: a total past 2^53, in decimal). */
export function keyBytes(songLen: number, digits: string | undefined): number {
  return songLen + 16 + (digits?.length ?? 0)
}

/** Writes a key at `p` (`keyBytes` must fit there); returns where it ends. */
export function encodeKey(buf: Buffer, p: number, src: Uint8Array, songStart: number, songLen: number, date: number, sum: number, digits: string | undefined): number {
  buf[p++] = songLen & 0xff
  buf[p++] = songLen >>> 8
  buf.set(src.subarray(songStart, songStart + songLen), p)
  p += songLen
  buf.writeUInt32LE(date, p)
  p += 4
  if (digits === undefined) {
    buf[p++] = 0
    const high = Math.floor(sum / TWO_32)
    buf.writeUInt32LE(sum - high * TWO_32, p)
    buf.writeUInt32LE(high, p + 4)
    return p + 8
  }
  buf[p++] = digits.length
  return p + buf.write(digits, p, 'latin1')
}

export class RunWriter implements KeyOutput {
  private readonly fd: number
  private readonly buf: Buffer
  private at = 0
  keys = 0

  /** `buffer`: its size, or a buffer to write through (a caller that spills often reuses one). */
  constructor(
    readonly path: string,
    buffer: number | Buffer,
  ) {
    if (typeof buffer !== 'number' && buffer.length < MIN_BUFFER) throw new RangeError(`a run buffer needs at least ${MIN_BUFFER} bytes`)
    this.fd = openSync(path, 'w')
    this.buf = typeof buffer === 'number' ? Buffer.allocUnsafe(Math.max(buffer, MIN_BUFFER)) : buffer
  }

  write(src: Uint8Array, songStart: number, songLen: number, date: number, sum: number, big: bigint): void {
    const digits = Number.isNaN(sum) ? big.toString() : undefined
    if (this.at + keyBytes(songLen, digits) > this.buf.length) this.flush()
    this.at = encodeKey(this.buf, this.at, src, songStart, songLen, date, sum, digits)
    this.keys++
  }

  close(): void {
    this.flush()
    closeSync(this.fd)
  }

  private flush(): void {
    let done = 0
    while (done < this.at) done += writeSync(this.fd, this.buf, done, this.at - done)
    this.at = 0
  }
}

/** Where a reader's bytes come from, in order: `read` fills up to `len` bytes, 0 at the end. */
export interface ByteSource {
  read(into: Uint8Array, at: number, len: number): number
  close?(): void
}

/** A run file read from its start. */
export function openRun(path: string, bufferBytes: number): RunReader {
  const fd = openSync(path, 'r')
  let position = 0
  const source: ByteSource = {
    read(into, at, len) {
      const read = readSync(fd, into, at, len, position)
      position += read
      return read
    },
    close: () => closeSync(fd),
  }
  return new RunReader(path, bufferBytes, source)
}

/** Reads keys in the run format from a file (`openRun`) or from any source of bytes. */
export class RunReader implements SortedSource {
  readonly buf: Buffer
  songStart = 0
  songLen = 0
  date = 0
  sum = 0
  big = 0n
  private pos = 0
  private limit = 0
  private ended = false

  constructor(
    /** The run's name in errors. */
    readonly name: string,
    bufferBytes: number,
    private readonly source: ByteSource,
  ) {
    this.buf = Buffer.allocUnsafe(Math.max(bufferBytes, MIN_BUFFER))
  }

  next(): boolean {
    if (!this.ensure(2)) return false
    const len = this.buf[this.pos]! | (this.buf[this.pos + 1]! << 8)
    if (!this.ensure(len + 7)) throw new Error(`run ${this.name} is truncated`)
    const tag = this.buf[this.pos + len + 6]!
    const rest = tag === 0 ? 8 : tag
    if (!this.ensure(len + 7 + rest)) throw new Error(`run ${this.name} is truncated`)
    const buf = this.buf
    const p = this.pos + len + 7
    this.songStart = this.pos + 2
    this.songLen = len
    this.date = buf.readUInt32LE(this.pos + len + 2)
    if (tag === 0) {
      this.sum = buf.readUInt32LE(p) + buf.readUInt32LE(p + 4) * TWO_32
    } else {
      this.sum = Number.NaN
      this.big = BigInt(buf.toString('latin1', p, p + tag))
    }
    this.pos = p + rest
    return true
  }

  close(): void {
    this.source.close?.()
  }

  /** Makes `n` bytes available from `pos`, moving them to the buffer's start if need be. */
  private ensure(n: number): boolean {
    if (this.limit - this.pos >= n) return true
    if (this.ended) return this.limit - this.pos >= n
    this.buf.copyWithin(0, this.pos, this.limit)
    this.limit -= this.pos
    this.pos = 0
    while (this.limit < n || this.limit < this.buf.length) {
      const read = this.source.read(this.buf, this.limit, this.buf.length - this.limit)
      if (read === 0) {
        this.ended = true
        break
      }
      this.limit += read
    }
    return this.limit >= n
  }
}
