const GOLDEN = 0.6180339887498949

/**
 * Where in its interval a website's checks fall. Multiples of the golden ratio modulo 1
 * spread evenly whatever the count, so websites added in a row (ids 1, 2, 3, …) land far
 * apart instead of firing together; and the phase depends only on id and interval, so any
 * process that takes a website over keeps its cadence.
 */
export function phaseOf(websiteId: number, intervalMs: number): number {
  return Math.floor(((websiteId * GOLDEN) % 1) * intervalMs)
}

/** The first slot `phase + n·interval` (epoch milliseconds) at or after `time`. */
export function slotAtOrAfter(time: number, intervalMs: number, phaseMs: number): number {
  return phaseMs + Math.ceil((time - phaseMs) / intervalMs) * intervalMs
}

export interface DueEntry {
  due: number
  id: number
  /** The website's schedule generation when pushed: a rescheduled website's old entries are stale. */
  gen: number
}

/** A binary min-heap of due times: the one structure every website's next check waits in. */
export class DueHeap {
  private readonly items: DueEntry[] = []

  get size(): number {
    return this.items.length
  }

  peek(): DueEntry | undefined {
    return this.items[0]
  }

  push(entry: DueEntry): void {
    const items = this.items
    items.push(entry)
    let i = items.length - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (items[parent]!.due <= entry.due) break
      items[i] = items[parent]!
      i = parent
    }
    items[i] = entry
  }

  pop(): DueEntry | undefined {
    const items = this.items
    const top = items[0]
    const last = items.pop()
    if (top === undefined || last === undefined || items.length === 0) return top
    let i = 0
    const n = items.length
    for (;;) {
      const left = 2 * i + 1
      if (left >= n) break
      const right = left + 1
      const child = right < n && items[right]!.due < items[left]!.due ? right : left
      if (items[child]!.due >= last.due) break
      items[i] = items[child]!
      i = child
    }
    items[i] = last
    return top
  }

  clear(): void {
    this.items.length = 0
  }
}
