import { formatUuid } from './event-id.ts'
import { compareAcross, EventColumns } from './event-columns.ts'
import { JsonArena } from './json-arena.ts'

export interface SearchWindow {
  /** Events that start at or after this instant (ms)... */
  from: number
  /** ...and end at or before this one. */
  to: number
  offset: number
  limit: number
}

export interface SearchResult {
  /** The positions of the events found, in answer order (see `render`). */
  rows: number[]
  count: number
  /** Whether more events match past this page. */
  more: boolean
}

/**
 * Every stored event sorted by start (then id), in typed arrays. A search is a binary
 * search for the first start in the window and a scan that stops at the first start past
 * its end: it touches the answer and the events that start inside the window but end
 * after it, nothing else. A refresh builds the next index and leaves this one as it was.
 */
export class EventIndex {
  private constructor(private readonly columns: EventColumns) {}

  static empty(): EventIndex {
    return new EventIndex(new EventColumns(1))
  }

  /** Sorts `columns` (any order, ids unique) into an index. */
  static build(columns: EventColumns): EventIndex {
    const order = Int32Array.from({ length: columns.length }, (_, i) => i)
    order.sort((a, b) => columns.compare(a, b))
    const sorted = EventColumns.gather(columns, columns, order)
    // The JSON in answer order too: a window's events are then read from adjacent memory.
    sorted.compact()
    return new EventIndex(sorted)
  }

  get size(): number {
    return this.columns.length
  }

  /** The events' JSON: the bytes this index uses, and the bytes kept for it (with replaced events'). */
  get jsonBytes(): { live: number; stored: number } {
    const { jsonLength, length, arena } = this.columns
    let live = 0
    for (let i = 0; i < length; i++) live += jsonLength[i]!
    return { live, stored: arena.used }
  }

  /**
   * A new index with `changes` added, replacing the events with the same ids. `recycle`
   * is an older index nobody reads any more, whose memory the new one may reuse.
   */
  withChanges(changes: EventColumns, recycle?: EventIndex): EventIndex {
    if (changes.length === 0) return this
    const incoming = EventIndex.build(dedupeLastWins(changes)).columns
    const old = this.columns
    const replaced = new Map<number, number[]>()
    for (let j = 0; j < incoming.length; j++) {
      const key = incoming.idPrefix(j)
      const list = replaced.get(key)
      if (list) list.push(j)
      else replaced.set(key, [j])
    }
    const picks = new Int32Array(old.length + incoming.length)
    let n = 0
    let j = 0
    for (let i = 0; i < old.length; i++) {
      const candidates = replaced.get(old.idPrefix(i))
      if (candidates?.some((c) => old.sameId(i, incoming, c))) continue
      while (j < incoming.length && compareAcross(incoming, j, old, i) < 0) picks[n++] = -1 - j++
      picks[n++] = i
    }
    while (j < incoming.length) picks[n++] = -1 - j++
    return new EventIndex(EventColumns.gather(old, incoming, picks.subarray(0, n), recycle?.columns))
  }

  search(window: SearchWindow): SearchResult {
    const c = this.columns
    const { startAt, endAt } = c
    const n = c.length
    let lo = 0
    let hi = n
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (startAt[mid]! < window.from) lo = mid + 1
      else hi = mid
    }
    let skip = window.offset
    let more = false
    const rows: number[] = []
    for (let i = lo; i < n; i++) {
      // An event ends no earlier than it starts, so past this point nothing can match.
      if (startAt[i]! > window.to) break
      if (endAt[i]! > window.to) continue
      if (skip > 0) {
        skip -= 1
        continue
      }
      if (rows.length === window.limit) {
        more = true
        break
      }
      rows.push(i)
    }
    return { rows, count: rows.length, more }
  }

  /**
   * The answer's bytes: `head`, the events found as JSON objects joined by commas, `tail`.
   * Events next to each other in the arena (a window's, mostly: it is laid out in index
   * order) go in one copy with the commas stored between them.
   */
  render(result: SearchResult, head: Buffer, tail: Buffer): Buffer {
    const { arena, jsonAt, jsonLength } = this.columns
    const { rows } = result
    let size = head.length + tail.length + Math.max(0, rows.length - 1)
    for (const i of rows) size += jsonLength[i]!
    const out = Buffer.allocUnsafe(size)
    let at = head.copy(out, 0)
    let runAt = -1
    let runLength = 0
    for (let k = 0; k < rows.length; k++) {
      const i = rows[k]!
      const next = jsonAt[i]!
      if (runAt >= 0 && JsonArena.adjacent(runAt, runLength, next)) {
        runLength += 1 + jsonLength[i]!
        continue
      }
      if (runAt >= 0) {
        at += arena.copy(runAt, runLength, out, at)
        out[at++] = 0x2c // ,
      }
      runAt = next
      runLength = jsonLength[i]!
    }
    if (runAt >= 0) at += arena.copy(runAt, runLength, out, at)
    tail.copy(out, at)
    return out
  }
}

/** Keeps the last of events listed twice in one batch of changes. */
function dedupeLastWins(changes: EventColumns): EventColumns {
  const last = new Map<string, number>()
  for (let i = 0; i < changes.length; i++) last.set(formatUuid(changes.ids, i * 16), i)
  if (last.size === changes.length) return changes
  const keep = Int32Array.from([...last.values()].sort((a, b) => a - b))
  return EventColumns.gather(changes, changes, keep)
}
