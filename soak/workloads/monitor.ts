import { metricSum } from '../../bench/lib/metrics.ts'
import { targetPaths, targetUrl } from '../fixtures.ts'
import { Pace } from '../pace.ts'
import { type CheckResult, type Workload, type WorkloadContext, pick } from './workload.ts'

const WEBSITES = 500
const INTERVAL_S = 5

interface Counts {
  checks: number
  skipped: number
  dropped: number
  at: number
}

interface OriginalCheck {
  http_status: number
}

/** 500 websites every 5 s (100 checks/s) on the local targets, some slow, some failing; the dashboard's reads at 5/s. */
export class MonitorWorkload implements Workload {
  readonly name = 'monitor'
  readonly describe = `${WEBSITES} websites checked every ${INTERVAL_S} s (${WEBSITES / INTERVAL_S} checks/s; one in five slow, one in five failing); list, stats and /monitoring reads 5/s`
  private pace: Pace | undefined
  private atStart: Counts | undefined
  private atStop: Counts | undefined
  private ids: number[] = []

  constructor(private readonly ctx: WorkloadContext) {}

  private url(n: number): string {
    return targetUrl(this.ctx.fixtures.targetsBase, n)
  }

  private async counts(): Promise<Counts> {
    const metrics = (await this.ctx.client.call('monitor', '/metrics'))?.body.toString('utf8') ?? ''
    return {
      checks: metricSum(metrics, 'monitor_checks_total'),
      skipped: metricSum(metrics, 'monitor_checks_skipped_total'),
      dropped: metricSum(metrics, 'monitor_checks_dropped_total'),
      at: Date.now(),
    }
  }

  async setup(): Promise<void> {
    const websites = Array.from({ length: WEBSITES }, (_, n) => ({ url: this.url(n), intervalSeconds: INTERVAL_S, regex: 'status: (\\w+)' }))
    const answer = await this.ctx.client.json<{ created: number }>('monitor', '/api/monitor/websites/import', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ websites }) })
    if (answer?.created !== WEBSITES) throw new Error(`monitor: the import answered ${JSON.stringify(answer)}`)
    const list = await this.ctx.client.json<{ items: { id: number }[] }>('monitor', `/api/monitor/websites?limit=1000`)
    this.ids = list?.items.map((w) => w.id) ?? []
  }

  start(): void {
    const { client, random } = this.ctx
    void this.counts().then((c) => (this.atStart = c))
    this.pace = new Pace(
      5,
      5,
      async () => {
        const n = Math.floor(random() * WEBSITES)
        const which = pick(random, ['list', 'stats', 'original'] as const)
        if (which === 'list') await client.call('monitor', `/api/monitor/websites?limit=50&offset=${Math.floor(random() * 450)}`)
        else if (which === 'stats') await client.call('monitor', `/api/monitor/websites/${pick(random, this.ids)}/stats`)
        else {
          const checks = await client.json<OriginalCheck[]>('monitor', `/monitoring?website=${encodeURIComponent(this.url(n))}`)
          const failing = targetPaths[n % targetPaths.length] === '/fail'
          // Every check of a failing target is a 500; every other a 200 (no timeout, 999, either way).
          if (checks?.some((c) => c.http_status !== (failing ? 500 : 200))) throw new Error(`/monitoring for ${this.url(n)} answered ${JSON.stringify(checks.slice(0, 3))}`)
        }
      },
      (error) => this.ctx.tally.fail(`monitor: ${(error as Error).message}`),
    ).start()
  }

  async stop(): Promise<void> {
    this.atStop = await this.counts()
    await this.pace?.stop()
  }

  async check(): Promise<CheckResult[]> {
    const [a, b] = [this.atStart, this.atStop]
    if (!a || !b) return [{ name: 'monitor: checks on time', ok: false, detail: 'no metrics read' }]
    const scheduled = (WEBSITES * (b.at - a.at)) / 1000 / INTERVAL_S
    const ran = b.checks - a.checks
    const missed = b.skipped - a.skipped + (b.dropped - a.dropped)
    return [
      {
        name: 'monitor: every scheduled check ran, none skipped or dropped',
        // A cadence of 5 s: the checks in flight at either end make at most one interval's difference.
        ok: missed === 0 && ran >= scheduled - WEBSITES,
        detail: `${ran.toLocaleString('en-US')} ran of ${Math.round(scheduled).toLocaleString('en-US')} scheduled, ${missed} skipped or dropped`,
      },
    ]
  }
}
