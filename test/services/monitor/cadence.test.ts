import assert from 'node:assert/strict'
import { setImmediate as tick } from 'node:timers/promises'
import { test } from 'node:test'
import pino from 'pino'
import { FakeClock } from '../../../src/kit/clock.ts'
import type { CheckOutcome, CheckRecord } from '../../../src/services/monitor/check.ts'
import { phaseOf } from '../../../src/services/monitor/engine/cadence.ts'
import { CheckEngine, type WatchedWebsite } from '../../../src/services/monitor/engine/check-engine.ts'
import type { CheckTarget } from '../../../src/services/monitor/engine/http-check.ts'
import type { StateChange } from '../../../src/services/monitor/state-change.ts'

const T0 = Date.UTC(2026, 0, 1)
const ok: CheckOutcome = { status: 200, durationMs: 5, error: null, matches: null, truncated: false }

function site(id: number, intervalSeconds = 5, extra: Partial<WatchedWebsite> = {}): WatchedWebsite {
  return { id, url: `http://127.0.0.1/${id}`, intervalSeconds, regex: null, regexMustMatch: false, failureThreshold: null, state: 'unknown', ...extra }
}

/** An engine on a fake clock whose checks end when the test says (by default: at once). */
function setup(options: { concurrency?: number; answer?: (target: CheckTarget, startedAt: number) => Promise<CheckOutcome> } = {}) {
  const clock = new FakeClock(T0)
  const starts = new Map<string, number[]>()
  const checks: CheckRecord[] = []
  const changes: StateChange[] = []
  const engine = new CheckEngine({
    clock,
    log: pino({ level: 'silent' }),
    concurrency: options.concurrency ?? 100,
    timeoutMs: 10_000,
    failureThreshold: 3,
    sink: { check: (c) => checks.push(c), change: (c) => changes.push(c) },
    check: (target) => {
      const list = starts.get(target.url) ?? []
      list.push(clock.now())
      starts.set(target.url, list)
      return options.answer ? options.answer(target, clock.now()) : Promise.resolve(ok)
    },
  })
  /** Moves the clock slot by slot (exactly to each due time) up to `ms` later. */
  async function advance(ms: number): Promise<void> {
    const end = clock.now() + ms
    for (;;) {
      const next = engine.nextDueAt()
      if (next === undefined || next > end) break
      clock.set(Math.max(next, clock.now()))
      engine.runDue()
      await tick()
    }
    clock.set(end)
    engine.runDue()
    await tick()
  }
  return { clock, engine, starts, checks, changes, advance }
}

test('each website is checked at phase + n·interval, phases spread over the interval', async () => {
  const { engine, starts, advance } = setup()
  for (let id = 1; id <= 20; id++) engine.watch(site(id))
  await advance(30_000)
  const phases = new Set<number>()
  for (let id = 1; id <= 20; id++) {
    const times = starts.get(`http://127.0.0.1/${id}`) ?? []
    const phase = phaseOf(id, 5000)
    phases.add(Math.floor(phase / 1000))
    assert.ok(times.length >= 5, `website ${id} was checked ${times.length} times`)
    times.forEach((t, n) => assert.equal((t - phase) % 5000, 0, `check ${n} of website ${id} is on its slot`))
    times.slice(1).forEach((t, n) => assert.equal(t - times[n]!, 5000))
  }
  // 20 websites over a 5 s interval: every second of it has some.
  assert.equal(phases.size, 5)
})

test('a slow check does not move the next one; a check still running at its next slot is not started twice', async () => {
  const release: Array<() => void> = []
  const { engine, starts, advance } = setup({
    answer: () => new Promise((resolve) => release.push(() => resolve(ok))),
  })
  engine.watch(site(7))
  await advance(6_000)
  const url = 'http://127.0.0.1/7'
  assert.equal(starts.get(url)?.length, 1)
  // The first check is still running at the second slot: that slot is skipped.
  await advance(5_000)
  assert.equal(starts.get(url)?.length, 1)
  assert.equal(engine.counters.skippedOverlap, 1)
  release.shift()!()
  await tick()
  await advance(5_000)
  const times = starts.get(url)!
  assert.equal(times.length, 2)
  assert.equal(times[1]! - times[0]!, 10_000)
})

test('no more checks run at once than the concurrency; waiting ones start as others end', async () => {
  const release: Array<() => void> = []
  const { engine, starts, advance } = setup({ concurrency: 2, answer: () => new Promise((resolve) => release.push(() => resolve(ok))) })
  for (let id = 1; id <= 6; id++) engine.watch(site(id, 60))
  await advance(60_000)
  assert.equal(engine.inFlightCount, 2)
  assert.equal([...starts.values()].flat().length, 2)
  release.shift()!()
  await tick()
  await tick()
  assert.equal(engine.inFlightCount, 2)
  assert.equal([...starts.values()].flat().length, 3)
})

test('after a stall, each website runs its latest slot once instead of a burst', async () => {
  const { engine, starts, clock } = setup()
  for (let id = 1; id <= 3; id++) engine.watch(site(id))
  clock.advance(17_500)
  engine.runDue()
  await tick()
  for (const times of starts.values()) assert.equal(times.length, 1)
  assert.ok(engine.counters.skippedStall >= 6)
})

test('a new interval applies from its next slot; an unwatched website stops', async () => {
  const { engine, starts, advance } = setup()
  engine.watch(site(3, 5))
  await advance(10_000)
  engine.watch(site(3, 10))
  const before = starts.get('http://127.0.0.1/3')!.length
  await advance(40_000)
  const after = starts.get('http://127.0.0.1/3')!.slice(before)
  after.slice(1).forEach((t, n) => assert.equal(t - after[n]!, 10_000))
  assert.ok(after.length >= 3)
  engine.unwatch(3)
  await advance(30_000)
  assert.equal(starts.get('http://127.0.0.1/3')!.length, before + after.length)
})

test('down after the threshold of failures in a row, up again at the first success', async () => {
  const answers: CheckOutcome[] = [ok, { ...ok, status: 500 }, { ...ok, status: null, error: 'timeout' }, { ...ok, status: 503 }, { ...ok, status: 500 }, ok]
  const { engine, changes, checks, advance } = setup({ answer: async () => answers.shift() ?? ok })
  engine.watch(site(1, 5, { failureThreshold: 3 }))
  await advance(35_000)
  assert.deepEqual(
    changes.map((c) => `${c.from}->${c.to}`),
    ['unknown->up', 'up->down', 'down->up'],
  )
  assert.deepEqual(checks.slice(0, 6).map((c) => c.up), [true, false, false, false, false, true])
  assert.equal(changes[1]!.at, checks[3]!.startedAt)
  assert.deepEqual(engine.countsByState(), { unknown: 0, up: 1, down: 0 })
})
