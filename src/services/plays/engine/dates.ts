const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

function digit(buf: Uint8Array, p: number): number {
  const d = buf[p]! - 48
  return d >= 0 && d <= 9 ? d : -1000_000
}

/**
 * Reads the 10 bytes at `p` as a real calendar date `YYYY-MM-DD` (year 1 to 9999) and
 * returns it as the integer YYYYMMDD, or -1. Integers keep the dates' order.
 */
export function parseDate(buf: Uint8Array, p: number): number {
  if (buf[p + 4] !== 45 || buf[p + 7] !== 45) return -1
  const y = digit(buf, p) * 1000 + digit(buf, p + 1) * 100 + digit(buf, p + 2) * 10 + digit(buf, p + 3)
  const m = digit(buf, p + 5) * 10 + digit(buf, p + 6)
  const d = digit(buf, p + 8) * 10 + digit(buf, p + 9)
  if (y < 1 || m < 1 || m > 12 || d < 1) return -1
  if (d > DAYS[m]! && !(m === 2 && d === 29 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0))) return -1
  return y * 10000 + m * 100 + d
}

/** Writes YYYYMMDD as `YYYY-MM-DD` at `p` (int32 arithmetic throughout). */
export function writeDate(out: Uint8Array, p: number, date: number): void {
  const y = (date / 10000) | 0
  const md = date - y * 10000
  const m = (md / 100) | 0
  const d = md - m * 100
  const c = (y / 100) | 0
  const yy = y - c * 100
  out[p] = 48 + ((c / 10) | 0)
  out[p + 1] = 48 + (c % 10)
  out[p + 2] = 48 + ((yy / 10) | 0)
  out[p + 3] = 48 + (yy % 10)
  out[p + 4] = 45
  out[p + 5] = 48 + ((m / 10) | 0)
  out[p + 6] = 48 + (m % 10)
  out[p + 7] = 45
  out[p + 8] = 48 + ((d / 10) | 0)
  out[p + 9] = 48 + (d % 10)
}
