import { monitorEventLoopDelay } from 'node:perf_hooks'
import { metricSum } from '../bench/lib/metrics.ts'
import { memoryKb } from '../bench/lib/processes.ts'
import type { Tally } from './tally.ts'

export interface Sample {
  /** Seconds since the traffic started. */
  t: number
  rssMb: number
  /** Event-loop delay since the previous sample (prom-client resets its histogram on each scrape). */
  loopP99Ms: number
  loopMaxMs: number
  /** Tally totals at this moment. */
  requests: number
  shed: number
  serverErrors: number
  /** /healthz latency, asked once a second, worst since the previous sample. */
  healthMaxMs: number
  /** The soak process's own event-loop delay, worst since the previous sample: when high, its latencies include its own stalls. */
  soakLoopMaxMs: number
}

/**
 * Reads Flotilla's resident memory (/proc, the process and its worker threads) and its
 * event-loop delay (its own /metrics) every `everyMs`, and asks /healthz once a second.
 */
export class Sampler {
  readonly samples: Sample[] = []
  private timers: NodeJS.Timeout[] = []
  private healthMax = 0
  private healthFailures = 0
  private readonly started = performance.now()
  private readonly ownLoop = monitorEventLoopDelay({ resolution: 10 })

  constructor(
    private readonly base: string,
    private readonly pid: number,
    private readonly tally: Tally,
  ) {}

  start(everyMs: number): void {
    this.ownLoop.enable()
    this.timers.push(
      setInterval(() => void this.health(), 1000),
      setInterval(() => void this.sample(), everyMs),
    )
  }

  private async health(): Promise<void> {
    const t = performance.now()
    try {
      const answer = await fetch(`${this.base}/healthz`, { signal: AbortSignal.timeout(10_000) })
      await answer.arrayBuffer()
      if (!answer.ok) throw new Error(`HTTP ${answer.status}`)
    } catch (error) {
      this.healthFailures++
      this.tally.fail(`/healthz: ${(error as Error).message}`)
    }
    this.healthMax = Math.max(this.healthMax, performance.now() - t)
  }

  async sample(): Promise<void> {
    let metrics = ''
    try {
      metrics = await (await fetch(`${this.base}/metrics`, { signal: AbortSignal.timeout(10_000) })).text()
    } catch (error) {
      this.tally.fail(`/metrics: ${(error as Error).message}`)
    }
    const total = this.tally.total()
    this.samples.push({
      t: (performance.now() - this.started) / 1000,
      rssMb: memoryKb(this.pid, 'VmRSS') / 1024,
      loopP99Ms: metricSum(metrics, 'nodejs_eventloop_lag_p99_seconds') * 1000,
      loopMaxMs: metricSum(metrics, 'nodejs_eventloop_lag_max_seconds') * 1000,
      requests: total.requests,
      shed: total.shed,
      serverErrors: total.serverErrors,
      healthMaxMs: this.healthMax,
      soakLoopMaxMs: this.ownLoop.max / 1e6,
    })
    this.healthMax = 0
    this.ownLoop.reset()
  }

  get healthChecksFailed(): number {
    return this.healthFailures
  }

  stop(): void {
    this.ownLoop.disable()
    for (const timer of this.timers) clearInterval(timer)
  }
}
