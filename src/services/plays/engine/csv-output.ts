import { closeSync, openSync, writeSync } from 'node:fs'
import { writeDate } from './dates.ts'
import type { KeyOutput } from './sorted-source.ts'

export const OUTPUT_HEADER = 'Song,Date,Total Number of Plays for Date\n'
/** Room for the longest row: a title of 65,535 bytes, every one a quote, doubled. */
const MIN_BUFFER = 2 * 65_535 + 64

/**
 * A stretch of a file written at a position known only once something before it is done:
 * `start()` gives it (blocking if need be) the first time bytes must go out.
 */
export interface FilePlace {
  fd: number
  start: () => number
}

/** The result CSV, written through one buffer: songs quoted only where CSV needs it. */
export class CsvWriter implements KeyOutput {
  rows = 0
  bytes = 0
  private readonly fd: number
  private readonly place: FilePlace | undefined
  private position = -1
  private readonly buf: Buffer
  private readonly digits = new Uint8Array(24)
  private at = 0

  /** `target`: a file to create, or a place in one; `buffer`: its size, or one to write through. */
  constructor(target: string | FilePlace, buffer: number | Buffer, header = true) {
    this.place = typeof target === 'string' ? undefined : target
    this.fd = typeof target === 'string' ? openSync(target, 'w') : target.fd
    this.buf = typeof buffer === 'number' ? Buffer.allocUnsafe(Math.max(buffer, MIN_BUFFER)) : buffer
    if (this.buf.length < MIN_BUFFER) throw new RangeError(`a CSV buffer needs at least ${MIN_BUFFER} bytes`)
    if (header) this.at = this.buf.write(OUTPUT_HEADER, 0, 'latin1')
  }

  write(src: Uint8Array, songStart: number, songLen: number, date: number, sum: number, big: bigint): void {
    if (this.at + 2 * songLen + 64 > this.buf.length) this.flush()
    const buf = this.buf
    let p = this.at
    const end = songStart + songLen
    let quote = false
    for (let k = songStart; k < end; k++) {
      const c = src[k]!
      if (c === 44 || c === 34 || c === 10 || c === 13) {
        quote = true
        break
      }
    }
    if (quote) {
      buf[p++] = 34
      for (let k = songStart; k < end; k++) {
        const c = src[k]!
        buf[p++] = c
        if (c === 34) buf[p++] = 34
      }
      buf[p++] = 34
    } else if (songLen <= 64) {
      // A loop: for short titles, cheaper than the subarray that `set` needs.
      for (let k = songStart; k < end; k++) buf[p++] = src[k]!
    } else {
      buf.set(src.subarray(songStart, end), p)
      p += songLen
    }
    buf[p++] = 44
    writeDate(buf, p, date)
    p += 10
    buf[p++] = 44
    if (Number.isNaN(sum)) {
      p += buf.write(big.toString(), p, 'latin1')
    } else if (sum < 10) {
      buf[p++] = 48 + sum
    } else if (sum < 0x8000_0000) {
      // Small integers: int32 division, which the compiler turns into a multiply.
      let n = sum | 0
      let k = 0
      while (n > 0) {
        const q = (n / 10) | 0
        this.digits[k++] = 48 + n - q * 10
        n = q
      }
      while (k > 0) buf[p++] = this.digits[--k]!
    } else {
      let n = sum
      let k = 0
      while (n > 0) {
        const q = Math.floor(n / 10)
        this.digits[k++] = 48 + n - q * 10
        n = q
      }
      while (k > 0) buf[p++] = this.digits[--k]!
    }
    buf[p++] = 10
    this.at = p
    this.rows++
  }

  /** Writes what is buffered; closes the file if this writer opened it. Returns where its bytes end. */
  close(): number {
    this.flush()
    if (!this.place) closeSync(this.fd)
    return this.position + this.bytes
  }

  private flush(): void {
    if (this.position < 0) this.position = this.place ? this.place.start() : 0
    let done = 0
    while (done < this.at) done += writeSync(this.fd, this.buf, done, this.at - done, this.position + this.bytes + done)
    this.bytes += this.at
    this.at = 0
  }
}
