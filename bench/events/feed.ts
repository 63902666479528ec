// A provider feed of N events with M zones each, in the v2 dialect, always the same for
// the same arguments: two events per base_event, starts spread over 2026.
import { lcg } from '../lib/random.ts'

const T0 = Date.UTC(2026, 0, 1)
const YEAR_MINUTES = 365 * 24 * 60

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19)

/** One base_event in ten (its events `e` and `e + 1`, from `e % 20 === 18`) is sold offline only. */
const offline = (e: number): boolean => e % 20 === 18

/** How many of a feed's `events` are on sale online: those a search must find. */
export function onlineEventCount(events: number): number {
  let n = 0
  for (let e = 0; e < events; e++) if (!offline(e - (e % 2))) n++
  return n
}

export interface FeedShape {
  events: number
  zones: number
  /** Added to every price: a second feed with another bump changes every event. */
  priceBump?: number
}

/** The feed in pieces of about 64 KB, so a big one is never one string. */
export function* feedChunks(shape: FeedShape): Generator<string> {
  const random = lcg(42)
  let out = '<?xml version="1.0" encoding="UTF-8"?>\n<eventList version="1.0"><output>\n'
  for (let e = 0; e < shape.events; e += 2) {
    const base = 1000 + e / 2
    out += `<base_event base_event_id="${base}" sell_mode="${offline(e) ? 'offline' : 'online'}" organizer_company_id="${base % 97}" title="Show number ${base}">\n`
    for (let k = 0; k < 2 && e + k < shape.events; k++) {
      const start = T0 + Math.floor(random() * YEAR_MINUTES) * 60_000
      out += `<event event_start_date="${iso(start)}" event_end_date="${iso(start + 2 * 3_600_000)}" event_id="${e + k}" sell_from="2025-06-01T00:00:00" sell_to="${iso(start - 3_600_000)}" sold_out="false">\n`
      for (let z = 0; z < shape.zones; z++) {
        const price = (10 + Math.floor(random() * 9000) / 100 + (shape.priceBump ?? 0)).toFixed(2)
        out += `<zone zone_id="${z + 1}" capacity="${50 + (z % 7) * 25}" price="${price}" name="Zone ${z + 1}" numbered="${z % 2 === 0}" />\n`
      }
      out += '</event>\n'
    }
    out += '</base_event>\n'
    if (out.length > 64 * 1024) {
      yield out
      out = ''
    }
  }
  yield out + '</output></eventList>\n'
}

export function feedBuffer(shape: FeedShape): Buffer {
  return Buffer.concat([...feedChunks(shape)].map((c) => Buffer.from(c)))
}
