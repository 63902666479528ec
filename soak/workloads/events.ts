import { metricSum } from '../../bench/lib/metrics.ts'
import { Pace } from '../pace.ts'
import { type CheckResult, type Workload, type WorkloadContext } from './workload.ts'

const YEAR_START = Date.UTC(2026, 0, 1)
const DAY = 86_400_000
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19)

interface SearchAnswer {
  data: { events: { id: string; start_date: string; start_time: string; end_date: string; end_time: string }[] } | null
  error: unknown
}

/** /search at 100 requests/s over random windows of 2026, while the feed is fetched every 20 s with every price changed. */
export class EventsWorkload implements Workload {
  readonly name = 'events'
  readonly describe = 'GET /search 100/s, random 1–7 day windows of 2026; the provider feed (2,000 events, every price changed each time) fetched every 20 s'
  private pace: Pace | undefined
  private fetchesAtStart = { ok: 0, failed: 0 }

  constructor(private readonly ctx: WorkloadContext) {}

  async setup(): Promise<void> {
    this.fetchesAtStart = await this.fetches()
  }

  private async fetches(): Promise<{ ok: number; failed: number }> {
    const metrics = (await this.ctx.client.call('events', '/metrics'))?.body.toString('utf8') ?? ''
    const all = metricSum(metrics, 'events_fetches_total')
    const ok = metricSum(metrics, 'events_fetches_total', 'outcome="success"')
    return { ok, failed: all - ok }
  }

  start(): void {
    const { client, random } = this.ctx
    this.pace = new Pace(
      100,
      50,
      async () => {
        const from = YEAR_START + Math.floor(random() * 358) * DAY
        const to = from + (1 + Math.floor(random() * 7)) * DAY
        const answer = await client.json<SearchAnswer>('events', `/search?starts_at=${iso(from)}&ends_at=${iso(to)}`)
        if (!answer) return
        for (const event of answer.data?.events ?? []) {
          const [start, end] = [Date.parse(`${event.start_date}T${event.start_time}Z`), Date.parse(`${event.end_date}T${event.end_time}Z`)]
          if (start < from || end > to) throw new Error(`/search ${iso(from)}..${iso(to)} answered event ${event.id} (${event.start_date}..${event.end_date})`)
        }
      },
      (error) => this.ctx.tally.fail(`events: ${(error as Error).message}`),
    ).start()
  }

  async stop(): Promise<void> {
    await this.pace?.stop()
  }

  async check(): Promise<CheckResult[]> {
    const { client, fixtures } = this.ctx
    const fetches = await this.fetches()
    const ok = fetches.ok - this.fetchesAtStart.ok
    const failed = fetches.failed - this.fetchesAtStart.failed
    // Every event ever online, found by paging an all-time search through x-next-offset.
    const ids = new Set<string>()
    for (let offset: string | null = '0'; offset !== null; ) {
      const answer = await client.call('events', `/search?offset=${offset}`)
      if (!answer) break
      for (const event of (JSON.parse(answer.body.toString('utf8')) as SearchAnswer).data?.events ?? []) ids.add(event.id)
      offset = answer.headers.get('x-next-offset')
    }
    return [
      { name: 'events: every scheduled fetch of the feed succeeded', ok: ok > 0 && failed === 0, detail: `${ok} succeeded, ${failed} failed; the provider served ${await fixtures.feedsServed()} feeds` },
      { name: 'events: /search finds every event ever online, once', ok: ids.size === fixtures.onlineEvents, detail: `${ids.size} of ${fixtures.onlineEvents}` },
    ]
  }
}
