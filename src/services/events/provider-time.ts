/**
 * The provider writes wall-clock times without a zone ("2021-06-30T21:00:00"). We keep
 * two numbers per time: the wall clock as if it were UTC (what users see, unchanged) and
 * the instant it means in the provider's zone (what searches compare).
 */

const HOUR = 3_600_000

const WALL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(Z|[+-]\d{2}:\d{2})?$/

/** A feed time: the wall clock as written, and the instant it means. */
export interface FeedTime {
  wall: number
  instant: number
}

/** `YYYY-MM-DDTHH:MM:SS`, with an offset when the provider gives one; undefined when it is no real time. */
export function parseFeedTime(text: string, converter: ZoneConverter): FeedTime | undefined {
  const m = WALL.exec(text)
  if (!m) return undefined
  const wall = wallFromParts(+m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!, +m[6]!)
  if (wall === undefined) return undefined
  const offset = m[7] === undefined ? undefined : offsetMs(m[7])
  if (offset === null) return undefined
  return { wall, instant: offset === undefined ? converter.toInstant(wall) : wall - offset }
}

/** Milliseconds east of UTC of `Z`, `+HH:MM`, `-HHMM`; null when out of range. */
function offsetMs(zone: string): number | null {
  if (zone === 'Z' || zone === 'z') return 0
  const sign = zone[0] === '-' ? -1 : 1
  const digits = zone.slice(1).replace(':', '')
  const hours = +digits.slice(0, 2)
  const minutes = +digits.slice(2)
  if (hours > 23 || minutes > 59) return null
  return sign * (hours * HOUR + minutes * 60_000)
}

export function wallFromParts(year: number, month: number, day: number, hour: number, minute: number, second: number): number | undefined {
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined
  const ms = Date.UTC(year, month - 1, day, hour, minute, second)
  // Date.UTC rolls 2021-02-30 over into March; a real date survives the round trip.
  const d = new Date(ms)
  if (d.getUTCDate() !== day || d.getUTCMonth() !== month - 1 || year < 1000) return undefined
  return ms
}

const pad2 = (n: number) => (n < 10 ? '0' : '') + n
const DAY = 86_400_000
// Answers repeat the same days and times of day, so each is formatted once.
const dates = new Map<number, string>()
const times = new Map<number, string>()

/** `YYYY-MM-DD` of a wall-clock time. */
export function wallDate(ms: number): string {
  const day = Math.floor(ms / DAY)
  let text = dates.get(day)
  if (text === undefined) {
    const d = new Date(day * DAY)
    text = `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`
    if (dates.size < 1_000_000) dates.set(day, text)
  }
  return text
}

/** `HH:MM:SS` of a wall-clock time. */
export function wallTime(ms: number): string {
  const second = Math.floor((ms - Math.floor(ms / DAY) * DAY) / 1000)
  let text = times.get(second)
  if (text === undefined) {
    text = `${pad2(Math.floor(second / 3600))}:${pad2(Math.floor(second / 60) % 60)}:${pad2(second % 60)}`
    times.set(second, text)
  }
  return text
}

/** Turns wall-clock times of one IANA zone into instants. */
export interface ZoneConverter {
  readonly zone: string
  toInstant(wallMs: number): number
}

/** Throws a RangeError naming the zone when Intl does not know it. */
export function zoneConverter(zone: string): ZoneConverter {
  if (zone === 'UTC' || zone === 'Etc/UTC') return { zone, toInstant: (ms) => ms }
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  })
  const offsets = new Map<number, number>()
  const offsetAt = (instant: number): number => {
    const hour = Math.floor(instant / HOUR)
    let offset = offsets.get(hour)
    if (offset === undefined) {
      const parts = new Map(format.formatToParts(hour * HOUR).map((p) => [p.type, Number(p.value)]))
      const part = (type: Intl.DateTimeFormatPartTypes) => parts.get(type) ?? 0
      offset = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second')) - hour * HOUR
      offsets.set(hour, offset)
    }
    return offset
  }
  return {
    zone,
    toInstant(wallMs) {
      // Two passes settle on the offset in force at the instant, across DST changes.
      const guess = wallMs - offsetAt(wallMs)
      return wallMs - offsetAt(guess)
    },
  }
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?)?(Z|[+-]\d{2}:?\d{2})?$/i

/**
 * An ISO 8601 date or date-time as an instant. Without an offset it is read in the
 * provider's zone, like the feed's own times.
 */
export function parseIsoInstant(text: string, converter: ZoneConverter): number | undefined {
  // An unencoded `+` in a query string arrives as a space: `…T23:00:00 02:00`.
  const m = ISO.exec(text.replace(/(:\d{2}(?:\.\d+)?) (\d{2}:?\d{2})$/, '$1+$2'))
  if (!m) return undefined
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction, zone] = m
  if (zone !== undefined && m[4] === undefined) return undefined
  const wall = wallFromParts(+y!, +mo!, +d!, +h, +mi, +s)
  if (wall === undefined) return undefined
  const ms = wall + (fraction ? Math.floor(Number(fraction) * 1000) : 0)
  if (zone === undefined) return converter.toInstant(ms)
  const offset = offsetMs(zone)
  return offset === null ? undefined : ms - offset
}
