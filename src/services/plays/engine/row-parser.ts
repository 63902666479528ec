import { isUtf8 } from 'node:buffer'
import { readRecord } from './csv-record.ts'
import { parseDate } from './dates.ts'

const LF = 10
const CR = 13
const COMMA = 44
const QUOTE = 34
const FNV_OFFSET = 0x811c9dc5 | 0
const FNV_PRIME = 0x01000193
/** Up to 15 digits a Number holds exactly; longer values take the BigInt path. */
const FAST_DIGITS = 15
export const MAX_SONG_BYTES = 65_535
export const MAX_PLAYS_DIGITS = 40

/** Where valid rows go: a song's UTF-8 bytes `src[start, start + len)`, its hash, date and plays. */
export interface RowTarget {
  /** `src` holds the row until the parse call returns (a target that keeps rows longer copies them). */
  add(src: Uint8Array, start: number, len: number, hash: number, date: number, plays: number): boolean
  addBig(src: Uint8Array, start: number, len: number, hash: number, date: number, plays: bigint): boolean
  /** Called as a parse call returns: the rows' bytes are about to be reused. */
  flush?(): void
}

export interface RowProblem {
  line: number
  reason: string
}

export function hashBytes(src: Uint8Array, start: number, end: number): number {
  let h = FNV_OFFSET
  for (let p = start; p < end; p++) h = Math.imul(h ^ src[p]!, FNV_PRIME)
  return h
}

function shown(bytes: Uint8Array): string {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text)
}

/**
 * Parses `Song,Date,Number of Plays` rows straight from bytes into a RowTarget: no string
 * or object per row. The fast path takes unquoted rows; anything else (quotes, CRLF at a
 * chunk's edge, errors) goes through `readRecord`, which also finds the reason a row is bad.
 */
export class RowParser {
  /** Physical line of the next record (line feeds inside quoted fields count). */
  line = 1
  rows = 0
  /**
   * Set when the chunk being parsed is not valid UTF-8 as a whole, or holds a NUL byte:
   * the fast path then checks each row's song, and hands a bad one to `general` to report.
   */
  checkSongs = false

  constructor(
    /** Where rows go; `onFull` may replace it. */
    public target: RowTarget,
    /** Called when the target is full: it must make room (spill, or a new target) before the row is added again. */
    private readonly onFull: () => void,
    private readonly onBadRow: (problem: RowProblem) => void,
  ) {}

  /** Parses the whole records in `buf[pos, limit)`; returns where the first incomplete one starts. */
  parse(buf: Uint8Array, pos: number, limit: number, eof: boolean): number {
    try {
      return this.parseRows(buf, pos, limit, eof)
    } finally {
      this.target.flush?.()
    }
  }

  private parseRows(buf: Uint8Array, pos: number, limit: number, eof: boolean): number {
    while (pos < limit) {
      const start = pos
      let b = buf[pos]!
      if (b === QUOTE || b === CR || b === LF) {
        const next = this.general(buf, start, limit, eof)
        if (next < 0) return start
        pos = next
        continue
      }
      let h = FNV_OFFSET
      while (b !== COMMA && b !== LF) {
        h = Math.imul(h ^ b, FNV_PRIME)
        if (++pos === limit) break
        b = buf[pos]!
      }
      const len = pos - start
      const date = b === COMMA && len > 0 && len <= MAX_SONG_BYTES && pos + 11 < limit ? parseDate(buf, pos + 1) : -1
      if (date < 0 || buf[pos + 11] !== COMMA) {
        const next = this.general(buf, start, limit, eof)
        if (next < 0) return start
        pos = next
        continue
      }
      pos += 12
      let plays = 0
      const digitsFrom = pos
      while (pos < limit) {
        const d = buf[pos]! - 48
        if (d < 0 || d > 9) break
        plays = plays * 10 + d
        pos++
      }
      const digits = pos - digitsFrom
      let ok = digits > 0 && digits <= FAST_DIGITS
      if (pos < limit) {
        b = buf[pos]!
        if (b === LF) pos++
        else if (b === CR && pos + 1 < limit && buf[pos + 1] === LF) pos += 2
        else ok = false
      } else if (!eof) ok = false
      if (!ok || (this.checkSongs && !plainSong(buf.subarray(start, start + len)))) {
        const next = this.general(buf, start, limit, eof)
        if (next < 0) return start
        pos = next
        continue
      }
      this.line++
      this.rows++
      if (!this.target.add(buf, start, len, h, date, plays)) {
        this.onFull()
        this.target.add(buf, start, len, h, date, plays)
      }
    }
    return pos
  }

  /** Any record: validates it, adds it or reports why not. Returns the next position, or -1 for more input. */
  private general(buf: Uint8Array, start: number, limit: number, eof: boolean): number {
    const record = readRecord(buf, start, limit, eof)
    if (record === null) return -1
    const line = this.line
    this.line += record.newlines
    const { fields } = record
    if (record.problem) {
      this.onBadRow({ line, reason: record.problem })
      return record.end
    }
    if (fields.length === 1 && fields[0]!.length === 0 && buf[start] !== QUOTE) return record.end
    const reason = this.addRecord(fields)
    if (reason) this.onBadRow({ line, reason })
    return record.end
  }

  private addRecord(fields: Uint8Array[]): string | undefined {
    if (fields.length !== 3) return `expected 3 fields (Song,Date,Number of Plays), got ${fields.length}`
    const [song, dateField, playsField] = fields as [Uint8Array, Uint8Array, Uint8Array]
    if (song.length === 0) return 'Song is empty'
    if (song.length > MAX_SONG_BYTES) return `Song is longer than ${MAX_SONG_BYTES.toLocaleString('en-US')} bytes`
    if (!isUtf8(song)) return 'Song is not valid UTF-8'
    // As the original's csv module, which refuses a NUL anywhere in a row.
    if (song.includes(0)) return 'Song contains a NUL byte'
    const date = dateField.length === 10 ? parseDate(dateField, 0) : -1
    if (date < 0) return `Date must be a real date written YYYY-MM-DD (got ${shown(dateField)})`
    if (playsField.length === 0 || !playsField.every((c) => c >= 48 && c <= 57)) {
      return `Number of Plays must be a whole number, 0 or more (got ${shown(playsField)})`
    }
    if (playsField.length > MAX_PLAYS_DIGITS) return `Number of Plays has more than ${MAX_PLAYS_DIGITS} digits`
    const hash = hashBytes(song, 0, song.length)
    this.rows++
    const plays = BigInt(Buffer.from(playsField).toString('latin1'))
    if (plays <= BigInt(Number.MAX_SAFE_INTEGER)) {
      if (!this.target.add(song, 0, song.length, hash, date, Number(plays))) {
        this.onFull()
        this.target.add(song, 0, song.length, hash, date, Number(plays))
      }
    } else if (!this.target.addBig(song, 0, song.length, hash, date, plays)) {
      this.onFull()
      this.target.addBig(song, 0, song.length, hash, date, plays)
    }
    return undefined
  }
}

/** Valid UTF-8 without a NUL: what the fast path may store as a song. */
function plainSong(song: Uint8Array): boolean {
  return isUtf8(song) && !song.includes(0)
}
