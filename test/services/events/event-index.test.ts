import assert from 'node:assert/strict'
import { test } from 'node:test'
import { EventColumns, summaryJson, type IndexedEvent } from '../../../src/services/events/event-columns.ts'
import { eventIdBytes, formatUuid } from '../../../src/services/events/event-id.ts'
import { EventIndex, type SearchResult } from '../../../src/services/events/event-index.ts'

const HOUR = 3_600_000
const COMPACT_DEFAULT = EventColumns.compactMinDeadBytes
const T0 = Date.UTC(2026, 0, 1)

function lcg(seed: number): () => number {
  let s = seed
  return () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32
}

interface Plain {
  id: string
  startAt: number
  endAt: number
  title: string
}

function indexed(p: Plain): IndexedEvent {
  const [base, event] = p.id.split('/')
  const id = eventIdBytes(base!, event!)
  return { id, startAt: p.startAt, endAt: p.endAt, json: summaryJson({ id, title: p.title, startWall: p.startAt, endWall: p.endAt, minPrice: 1, maxPrice: 2 }) }
}

function columns(events: Plain[]): EventColumns {
  const c = new EventColumns(2)
  for (const e of events) c.push(indexed(e))
  return c
}

function uuid(p: Plain): string {
  const [base, event] = p.id.split('/')
  return formatUuid(eventIdBytes(base!, event!))
}

/** What a search must answer, by brute force. */
function expected(events: Map<string, Plain>, from: number, to: number, offset: number, limit: number): { ids: string[]; more: boolean } {
  const all = [...events.values()]
    .filter((e) => e.startAt >= from && e.endAt <= to)
    .sort((a, b) => a.startAt - b.startAt || (uuid(a) < uuid(b) ? -1 : 1))
    .map((e) => `${uuid(e)} ${e.title}`)
  return { ids: all.slice(offset, offset + limit), more: all.length > offset + limit }
}

function jsonOf(index: EventIndex, result: SearchResult): string {
  return index.render(result, Buffer.from('['), Buffer.from(']')).toString()
}

function found(index: EventIndex, from: number, to: number, offset: number, limit: number): { ids: string[]; more: boolean } {
  const result = index.search({ from, to, offset, limit })
  const events = JSON.parse(jsonOf(index, result)) as Array<{ id: string; title: string }>
  assert.equal(events.length, result.count)
  return { ids: events.map((e) => `${e.id} ${e.title}`), more: result.more }
}

function randomEvents(random: () => number, n: number, prefix: string): Plain[] {
  return Array.from({ length: n }, (_, i) => {
    // Whole hours, so that many events share a start and the id decides their order.
    const startAt = T0 + Math.floor(random() * 500) * HOUR
    return { id: `${prefix}${i % 37}/${i}`, startAt, endAt: startAt + Math.floor(random() * 30) * HOUR, title: `t${i}` }
  })
}

test('search answers exactly what a scan of every event would, in order, paged', () => {
  const random = lcg(7)
  const events = randomEvents(random, 3000, 'b')
  const truth = new Map(events.map((e) => [e.id, e]))
  const index = EventIndex.build(columns(events))
  assert.equal(index.size, 3000)
  for (let k = 0; k < 300; k++) {
    const from = k % 10 === 0 ? -Infinity : T0 + Math.floor(random() * 520 - 10) * HOUR
    const to = k % 15 === 0 ? Infinity : from + Math.floor(random() * 60) * HOUR
    const offset = k % 3 === 0 ? Math.floor(random() * 20) : 0
    const limit = 1 + Math.floor(random() * 40)
    assert.deepEqual(found(index, from, to, offset, limit), expected(truth, from, to, offset, limit), `window ${k}`)
  }
})

test('an event appears in the window exactly when it starts at or after its start and ends at or before its end', () => {
  const e = { id: '1/1', startAt: T0, endAt: T0 + HOUR, title: 'x' }
  const index = EventIndex.build(columns([e]))
  assert.equal(index.search({ from: T0, to: T0 + HOUR, offset: 0, limit: 10 }).count, 1)
  assert.equal(index.search({ from: T0 + 1, to: T0 + HOUR, offset: 0, limit: 10 }).count, 0)
  assert.equal(index.search({ from: T0, to: T0 + HOUR - 1, offset: 0, limit: 10 }).count, 0)
  assert.equal(index.search({ from: T0 + HOUR, to: T0 - HOUR, offset: 0, limit: 10 }).count, 0)
})

for (const compactEvery of [false, true]) {
  test(`changes replace events by id, add new ones, and keep the order, generation after generation${compactEvery ? ', the JSON compacted each time' : ''}`, (t) => {
    if (compactEvery) {
      EventColumns.compactMinDeadBytes = 0
      t.after(() => (EventColumns.compactMinDeadBytes = COMPACT_DEFAULT))
    }
    const random = lcg(11)
    const truth = new Map<string, Plain>()
    const initial = randomEvents(random, 2000, 'a')
    for (const e of initial) truth.set(e.id, e)
    let index = EventIndex.build(columns(initial))
    let spare: EventIndex | undefined
    for (let round = 0; round < 30; round++) {
      const moved = Array.from({ length: 150 }, () => {
        const old = initial[Math.floor(random() * initial.length)]!
        const startAt = T0 + Math.floor(random() * 500) * HOUR
        return { ...old, startAt, endAt: startAt + HOUR, title: `moved ${round}` }
      })
      const added = randomEvents(random, 50, `new${round}-`)
      const changes = [...moved, ...added]
      const before = index
      const beforeAnswer = found(before, -Infinity, Infinity, 0, 100_000)
      const next = index.withChanges(columns(changes), spare)
      for (const e of changes) truth.set(e.id, e)
      // The index that was replaced reuses the spare's memory, not its own or the new one's.
      spare = before
      index = next
      assert.equal(index.size, truth.size)
      for (let k = 0; k < 30; k++) {
        const from = T0 + Math.floor(random() * 500) * HOUR
        assert.deepEqual(found(index, from, from + 40 * HOUR, 0, 1000), expected(truth, from, from + 40 * HOUR, 0, 1000))
      }
      assert.deepEqual(found(index, -Infinity, Infinity, 0, 100_000), expected(truth, -Infinity, Infinity, 0, 100_000))
      // The index it replaced still answers as it did.
      assert.deepEqual(found(before, -Infinity, Infinity, 0, 100_000), beforeAnswer)
      const { live, stored } = index.jsonBytes
      if (compactEvery) assert.ok(stored <= 2 * live, `round ${round}: ${stored} bytes stored for ${live} live`)
    }
    // Without compaction, replaced events' bytes pile up: the bound above is not met by chance.
    const { live, stored } = index.jsonBytes
    assert.equal(stored > 2 * live, !compactEvery)
  })
}

test('the last of two changes to one event wins', () => {
  const index = EventIndex.build(columns([{ id: '1/1', startAt: T0, endAt: T0, title: 'first' }]))
  const next = index.withChanges(
    columns([
      { id: '1/1', startAt: T0 + HOUR, endAt: T0 + HOUR, title: 'second' },
      { id: '1/1', startAt: T0 + 2 * HOUR, endAt: T0 + 2 * HOUR, title: 'third' },
    ]),
  )
  const all = JSON.parse(jsonOf(next, next.search({ from: -Infinity, to: Infinity, offset: 0, limit: 10 })))
  assert.deepEqual(
    all.map((e: { title: string; start_time: string }) => [e.title, e.start_time]),
    [['third', '02:00:00']],
  )
  // The index it came from is unchanged.
  assert.equal(JSON.parse(jsonOf(index, index.search({ from: -Infinity, to: Infinity, offset: 0, limit: 10 })))[0].title, 'first')
})
