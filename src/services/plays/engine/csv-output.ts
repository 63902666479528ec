import { closeSync, openSync, writeSync } from 'node:fs'
import { writeDate } from './dates.ts'
import type { KeyOutput } from './sorted-source.ts'

export const OUTPUT_HEADER = 'Song,Date,Total Number of Plays for Date\n'

/** The result CSV, written through one buffer: songs quoted only where CSV needs it. */
export class CsvWriter implements KeyOutput {
  rows = 0
  bytes = 0
  private readonly fd: number
  private readonly buf: Buffer
  private readonly digits = new Uint8Array(24)
  private at = 0

  constructor(path: string, bufferBytes: number, header = true) {
    this.fd = openSync(path, 'w')
    this.buf = Buffer.allocUnsafe(Math.max(bufferBytes, 2 * 65_535 + 64))
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

  close(): void {
    this.flush()
    closeSync(this.fd)
  }

  private flush(): void {
    let done = 0
    while (done < this.at) done += writeSync(this.fd, this.buf, done, this.at - done)
    this.bytes += this.at
    this.at = 0
  }
}
