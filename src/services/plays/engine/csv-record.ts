const LF = 10
const CR = 13
const COMMA = 44
const QUOTE = 34

export interface CsvRecord {
  /** Each field's bytes, quotes removed and doubled quotes undone. */
  fields: Uint8Array[]
  /** Where the next record starts. */
  end: number
  /** Line feeds the record spans, its terminator included. */
  newlines: number
  /** Set when the quoting is malformed; `end` then skips to the next line feed. */
  problem?: string
}

function countLf(buf: Uint8Array, from: number, to: number): number {
  let n = 0
  for (let p = buf.indexOf(LF, from); p !== -1 && p < to; p = buf.indexOf(LF, p + 1)) n++
  return n
}

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

/**
 * Reads one RFC 4180 record at `pos`: quoted fields may hold commas, quotes (doubled) and
 * line breaks; a quote inside an unquoted field is taken literally, as Python's csv does.
 * Returns null when the record does not end before `limit` and more input follows.
 * This is the general path; the row parser's fast path covers the common shapes.
 */
export function readRecord(buf: Uint8Array, pos: number, limit: number, eof: boolean): CsvRecord | null {
  const fields: Uint8Array[] = []
  let p = pos
  let newlines = 0
  for (;;) {
    if (p < limit && buf[p] === QUOTE) {
      const parts: Uint8Array[] = []
      let from = p + 1
      for (;;) {
        const q = buf.indexOf(QUOTE, from)
        if (q === -1 || q >= limit) {
          if (!eof) return null
          return { fields, end: limit, newlines: newlines + countLf(buf, from, limit), problem: 'a quoted field is never closed (missing ")' }
        }
        newlines += countLf(buf, from, q)
        if (q + 1 === limit && !eof) return null
        if (buf[q + 1] === QUOTE) {
          parts.push(buf.subarray(from, q + 1))
          from = q + 2
          continue
        }
        parts.push(buf.subarray(from, q))
        p = q + 1
        break
      }
      fields.push(concat(parts))
      if (p === limit) return eof ? { fields, end: p, newlines } : null
      const b = buf[p]
      if (b === COMMA) {
        p++
        continue
      }
      if (b === LF) return { fields, end: p + 1, newlines: newlines + 1 }
      if (b === CR && p + 1 === limit && !eof) return null
      if (b === CR && buf[p + 1] === LF) return { fields, end: p + 2, newlines: newlines + 1 }
      // Skip to the end of the line, to go on with the next row (on_error=skip).
      const lf = buf.indexOf(LF, p)
      const found = lf !== -1 && lf < limit
      if (!found && !eof) return null
      const problem = 'unexpected text after a closing quote (quote the whole field and double the quotes inside it)'
      return { fields, end: found ? lf + 1 : limit, newlines: newlines + (found ? 1 : 0), problem }
    }
    let q = p
    while (q < limit && buf[q] !== COMMA && buf[q] !== LF) q++
    if (q === limit) {
      if (!eof) return null
      fields.push(buf.subarray(p, q))
      return { fields, end: q, newlines }
    }
    if (buf[q] === COMMA) {
      fields.push(buf.subarray(p, q))
      p = q + 1
      continue
    }
    fields.push(buf.subarray(p, q > p && buf[q - 1] === CR ? q - 1 : q))
    return { fields, end: q + 1, newlines: newlines + 1 }
  }
}
