import { setMaxListeners } from 'node:events'
import { checkLabel, isUp, type CheckOutcome } from '../check.ts'
import { nextState } from '../state-change.ts'
import type { WebsiteState } from '../website.ts'
import { DueHeap, phaseOf, slotAtOrAfter } from './cadence.ts'
import type { CheckEngineOptions, EngineCounters, WatchedWebsite } from './engine-types.ts'
import { Fifo } from './fifo.ts'
import { targetOf, type CheckTarget } from './http-check.ts'

export type { CheckEngineOptions, EngineCounters, EngineSink, WatchedWebsite } from './engine-types.ts'

interface Entry {
  site: WatchedWebsite
  intervalMs: number
  target: CheckTarget
  gen: number
  state: WebsiteState
  failStreak: number
  running: boolean
  waiting: boolean
}

/**
 * Checks every watched website at its slots `phase + n·interval`, from one loop over one
 * heap of due times: no timer per website, no drift by a check's own duration. At most
 * `concurrency` checks run at once; a slot that comes while the website's previous check
 * is still running or waiting is skipped rather than run twice.
 */
export class CheckEngine {
  readonly counters: EngineCounters = { started: 0, completed: 0, skippedOverlap: 0, skippedStall: 0 }
  private readonly entries = new Map<number, Entry>()
  private readonly heap = new DueHeap()
  private readonly waiting = new Fifo<{ entry: Entry; due: number }>()
  private inFlight = 0
  private running = false
  private timer: NodeJS.Timeout | undefined
  private armedFor = Number.POSITIVE_INFINITY
  private readonly shutdown = new AbortController()
  private drained: (() => void) | undefined

  constructor(private readonly options: CheckEngineOptions) {
    // Every running check listens for shutdown: thousands of listeners are expected.
    setMaxListeners(0, this.shutdown.signal)
  }

  get size(): number {
    return this.entries.size
  }

  get inFlightCount(): number {
    return this.inFlight
  }

  /** When the earliest pending slot is (a stale one included), for tests that jump a fake clock. */
  nextDueAt(): number | undefined {
    return this.heap.peek()?.due
  }

  ids(): number[] {
    return [...this.entries.keys()]
  }

  /** Starts or updates a website's checks; a new interval takes effect at its next slot. */
  watch(site: WatchedWebsite): void {
    const now = this.options.clock.now()
    const intervalMs = site.intervalSeconds * 1000
    const target = targetOf(site, this.options.timeoutMs)
    const existing = this.entries.get(site.id)
    if (existing) {
      existing.site = site
      existing.target = target
      if (existing.intervalMs === intervalMs) return
    }
    const entry: Entry = existing ?? { site, intervalMs, target, gen: 0, state: site.state, failStreak: site.state === 'down' ? this.thresholdOf(site) : 0, running: false, waiting: false }
    entry.intervalMs = intervalMs
    entry.gen += 1
    this.entries.set(site.id, entry)
    const due = slotAtOrAfter(now, intervalMs, phaseOf(site.id, intervalMs))
    this.heap.push({ due, id: site.id, gen: entry.gen })
    this.arm(due)
  }

  /** Stops a website's checks; one already running finishes, and its result is dropped. */
  unwatch(id: number): void {
    this.entries.delete(id)
  }

  countsByState(): Record<WebsiteState, number> {
    const counts: Record<WebsiteState, number> = { unknown: 0, up: 0, down: 0 }
    for (const entry of this.entries.values()) counts[entry.state] += 1
    return counts
  }

  start(): void {
    if (this.running) return
    this.running = true
    this.arm(this.options.clock.now())
  }

  /** Stops scheduling, aborts running checks (their results are dropped) and waits for them. */
  async stop(): Promise<void> {
    this.running = false
    clearTimeout(this.timer)
    this.shutdown.abort()
    if (this.inFlight > 0) await new Promise<void>((resolve) => (this.drained = resolve))
  }

  /** Starts every check whose slot has come. The loop calls it; tests call it after moving a fake clock. */
  runDue(): void {
    const now = this.options.clock.now()
    for (let top = this.heap.peek(); top !== undefined && top.due <= now; top = this.heap.peek()) {
      this.heap.pop()
      const entry = this.entries.get(top.id)
      if (!entry || entry.gen !== top.gen) continue
      let due = top.due
      // After a stall longer than an interval, only the latest slot runs: no burst of catch-up checks.
      const behind = Math.floor((now - due) / entry.intervalMs)
      if (behind > 0) {
        this.counters.skippedStall += behind
        this.options.metrics?.skipped.inc({ reason: 'stall' }, behind)
        due += behind * entry.intervalMs
      }
      this.heap.push({ due: due + entry.intervalMs, id: top.id, gen: entry.gen })
      if (entry.running || entry.waiting) {
        this.counters.skippedOverlap += 1
        this.options.metrics?.skipped.inc({ reason: 'overlap' })
      } else if (this.inFlight < this.options.concurrency) {
        this.launch(entry, due, now)
      } else {
        entry.waiting = true
        this.waiting.push({ entry, due })
      }
    }
    this.armedFor = Number.POSITIVE_INFINITY
    const next = this.heap.peek()
    this.arm(next ? next.due : now + (this.options.maxSleepMs ?? 250))
  }

  private thresholdOf(site: WatchedWebsite): number {
    return site.failureThreshold ?? this.options.failureThreshold
  }

  private arm(due: number): void {
    if (!this.running) return
    const now = this.options.clock.now()
    const at = Math.min(due, now + (this.options.maxSleepMs ?? 250))
    if (at >= this.armedFor) return
    clearTimeout(this.timer)
    this.armedFor = at
    this.timer = setTimeout(() => this.runDue(), Math.max(0, at - now))
  }

  private launch(entry: Entry, due: number, now: number): void {
    entry.running = true
    this.inFlight += 1
    this.counters.started += 1
    this.options.metrics?.inFlight.set(this.inFlight)
    this.options.metrics?.scheduleLag.observe(Math.max(0, now - due) / 1000)
    this.options.observeLag?.(now - due)
    void this.options.check(entry.target, this.shutdown.signal).then(
      (outcome) => this.complete(entry, now, outcome),
      (error: unknown) => {
        this.options.log.error({ err: error, websiteId: entry.site.id }, 'a check failed unexpectedly')
        this.complete(entry, now, { status: null, durationMs: 0, error: 'network', matches: null, truncated: false })
      },
    )
  }

  private complete(entry: Entry, startedAt: number, outcome: CheckOutcome): void {
    entry.running = false
    this.inFlight -= 1
    this.counters.completed += 1
    this.options.metrics?.inFlight.set(this.inFlight)
    if (this.entries.get(entry.site.id) === entry && !this.shutdown.signal.aborted) this.record(entry, startedAt, outcome)
    this.drainWaiting()
    if (this.inFlight === 0) this.drained?.()
  }

  private record(entry: Entry, startedAt: number, outcome: CheckOutcome): void {
    const site = entry.site
    const up = isUp(outcome, site.regexMustMatch)
    this.options.metrics?.checks.inc({ outcome: checkLabel(outcome, up) })
    this.options.metrics?.checkDuration.observe(outcome.durationMs / 1000)
    this.options.sink.check({
      websiteId: site.id,
      startedAt,
      durationMs: Math.round(outcome.durationMs),
      status: outcome.status,
      error: outcome.error,
      matches: outcome.matches,
      up,
    })
    const from = entry.state
    const to = nextState(entry, up, this.thresholdOf(site))
    if (to) this.options.sink.change({ websiteId: site.id, url: site.url, from, to, at: startedAt, status: outcome.status, error: outcome.error })
  }

  private drainWaiting(): void {
    if (this.shutdown.signal.aborted) return
    while (this.inFlight < this.options.concurrency && this.waiting.size > 0) {
      const next = this.waiting.take()!
      next.entry.waiting = false
      if (this.entries.get(next.entry.site.id) === next.entry) this.launch(next.entry, next.due, this.options.clock.now())
    }
  }
}
