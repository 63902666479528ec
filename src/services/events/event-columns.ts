import { formatUuid } from './event-id.ts'
import { JsonArena } from './json-arena.ts'
import { wallDate, wallTime } from './provider-time.ts'

/** What the search index keeps of an event: enough to answer /search without the database. */
export interface IndexedEvent {
  /** The 16 bytes of its UUID. */
  id: Uint8Array
  startAt: number
  endAt: number
  /** The event in the /search shape (see `summaryJson`). */
  json: string
}

/** What an event shows in /search. */
export interface EventSummary {
  id: Uint8Array
  title: string
  startWall: number
  endWall: number
  minPrice: number
  maxPrice: number
}

/**
 * Events column by column: the start and end instants in typed arrays for the scan, the
 * id bytes for merging, and each event's /search JSON, made once at ingestion and stored
 * in a byte arena. Formatting the answer on each request cost 0.6 to 1 µs per event (id,
 * dates, prices), most of a search; the prepared text costs about 200 bytes per event.
 */
export class EventColumns {
  /**
   * Replaced events' bytes are dropped once they outweigh the live ones and this much.
   * Compaction copies the live bytes once, so its cost is amortized over as many dead
   * ones; the floor only spares tiny sets a copy per refresh. (It was 64 MB: a small feed
   * whose prices change on every fetch then grew RSS by a megabyte a minute for an hour.)
   */
  static compactMinDeadBytes = 4 * 1024 * 1024

  length = 0
  ids: Uint8Array
  startAt: Float64Array
  endAt: Float64Array
  /** Where each event's JSON is in `arena`, and its length in bytes. */
  jsonAt: Float64Array
  jsonLength: Uint32Array

  constructor(
    capacity = 1024,
    public arena = new JsonArena(),
  ) {
    this.ids = new Uint8Array(capacity * 16)
    this.startAt = new Float64Array(capacity)
    this.endAt = new Float64Array(capacity)
    this.jsonAt = new Float64Array(capacity)
    this.jsonLength = new Uint32Array(capacity)
  }

  get capacity(): number {
    return this.startAt.length
  }

  push(e: IndexedEvent): void {
    if (this.length === this.capacity) this.grow(this.capacity * 2)
    const i = this.length
    this.ids.set(e.id.subarray(0, 16), i * 16)
    this.startAt[i] = e.startAt
    this.endAt[i] = e.endAt
    this.jsonAt[i] = this.arena.append(e.json, this.jsonLength, i)
    this.length = i + 1
  }

  /** Event `i`'s /search JSON. */
  json(i: number): string {
    return this.arena.text(this.jsonAt[i]!, this.jsonLength[i]!)
  }

  /** Orders by start, then id: the order /search answers in. */
  compare(a: number, b: number): number {
    return compareAcross(this, a, this, b)
  }

  /** The first 30 bits of an id: a small integer, a cheap key to find events by id. */
  idPrefix(i: number): number {
    const ids = this.ids
    const o = i * 16
    return (ids[o]! << 22) | (ids[o + 1]! << 14) | (ids[o + 2]! << 6) | (ids[o + 3]! >> 2)
  }

  sameId(i: number, other: EventColumns, j: number): boolean {
    for (let k = 0; k < 16; k++) if (this.ids[i * 16 + k] !== other.ids[j * 16 + k]) return false
    return true
  }

  /**
   * Events picked from two sets: a pick `p >= 0` is event `p` of `a`, a pick `p < 0` is
   * event `-p - 1` of `b`. Filled column by column, into `reuse` when it is large enough:
   * writing fresh memory costs page faults that, at a million events, take longer than
   * the copy itself. The JSON stays in `a`'s arena (`b`'s is copied there when it has
   * its own), which is compacted when replaced events' bytes outweigh the live ones.
   */
  static gather(a: EventColumns, b: EventColumns, picks: Int32Array, reuse?: EventColumns): EventColumns {
    const n = picks.length
    const out = reuse && reuse.capacity >= n && reuse !== a && reuse !== b ? reuse : new EventColumns(Math.max(n, 1), a.arena)
    out.arena = a.arena
    gatherFloats(out.startAt, a.startAt, b.startAt, picks)
    gatherFloats(out.endAt, a.endAt, b.endAt, picks)
    gatherIds(out.ids, a.ids, b.ids, picks)
    const bAt = b.arena === a.arena ? b.jsonAt : b.jsonAt.map((at, j) => (j < b.length ? a.arena.appendFrom(b.arena, at, b.jsonLength[j]!) : 0))
    gatherFloats(out.jsonAt, a.jsonAt, bAt, picks)
    let live = 0
    for (let k = 0; k < n; k++) {
      const p = picks[k]!
      live += out.jsonLength[k] = p >= 0 ? a.jsonLength[p]! : b.jsonLength[-p - 1]!
    }
    out.length = n
    if (out.arena.used - live > Math.max(live, EventColumns.compactMinDeadBytes)) out.compact()
    return out
  }

  /** Moves the JSON of these events alone, in their order, into a new arena, leaving replaced events' bytes behind. */
  compact(): void {
    const arena = new JsonArena()
    for (let i = 0; i < this.length; i++) this.jsonAt[i] = arena.appendFrom(this.arena, this.jsonAt[i]!, this.jsonLength[i]!)
    this.arena = arena
  }

  private grow(capacity: number): void {
    const ids = new Uint8Array(capacity * 16)
    ids.set(this.ids)
    this.ids = ids
    for (const key of ['startAt', 'endAt', 'jsonAt'] as const) {
      const next = new Float64Array(capacity)
      next.set(this[key])
      this[key] = next
    }
    const lengths = new Uint32Array(capacity)
    lengths.set(this.jsonLength)
    this.jsonLength = lengths
  }
}

/**
 * One event in the /search shape. JSON.stringify makes one flat string; a template
 * literal would keep a rope of a dozen pieces per event, several times the memory.
 */
export function summaryJson(e: EventSummary): string {
  return JSON.stringify({
    id: formatUuid(e.id),
    title: e.title,
    start_date: wallDate(e.startWall),
    start_time: wallTime(e.startWall),
    end_date: wallDate(e.endWall),
    end_time: wallTime(e.endWall),
    min_price: e.minPrice,
    max_price: e.maxPrice,
  })
}

export function compareAcross(a: EventColumns, i: number, b: EventColumns, j: number): number {
  const d = a.startAt[i]! - b.startAt[j]!
  if (d !== 0) return d
  for (let k = 0; k < 16; k++) {
    const e = a.ids[i * 16 + k]! - b.ids[j * 16 + k]!
    if (e !== 0) return e
  }
  return 0
}

function gatherFloats(to: Float64Array, a: Float64Array, b: Float64Array, picks: Int32Array): void {
  for (let k = 0; k < picks.length; k++) {
    const p = picks[k]!
    to[k] = p >= 0 ? a[p]! : b[-p - 1]!
  }
}

function gatherIds(to: Uint8Array, a: Uint8Array, b: Uint8Array, picks: Int32Array): void {
  for (let k = 0; k < picks.length; k++) {
    const p = picks[k]!
    const from = p >= 0 ? a : b
    const o = (p >= 0 ? p : -p - 1) * 16
    const t = k * 16
    for (let q = 0; q < 16; q++) to[t + q] = from[o + q]!
  }
}
