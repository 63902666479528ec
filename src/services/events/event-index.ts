import { formatUuid } from './event-id.ts'
import { compareAcross, EventColumns } from './event-columns.ts'

export interface SearchWindow {
  /** Events that start at or after this instant (ms)... */
  from: number
  /** ...and end at or before this one. */
  to: number
  offset: number
  limit: number
}

export interface SearchResult {
  /** The events as JSON objects joined by commas, in the /search shape. */
  json: string
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
    return new EventIndex(EventColumns.gather(columns, columns, order))
  }

  get size(): number {
    return this.columns.length
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
    let count = 0
    let more = false
    const json = c.json
    let out = ''
    for (let i = lo; i < n; i++) {
      // An event ends no earlier than it starts, so past this point nothing can match.
      if (startAt[i]! > window.to) break
      if (endAt[i]! > window.to) continue
      if (skip > 0) {
        skip -= 1
        continue
      }
      if (count === window.limit) {
        more = true
        break
      }
      out += count === 0 ? json[i]! : ',' + json[i]!
      count += 1
    }
    return { json: out, count, more }
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
