import { HOTELS_PER_CITY } from '../fixtures.ts'
import { Pace } from '../pace.ts'
import { setTimeout as sleep } from 'node:timers/promises'
import { type CheckResult, type Workload, type WorkloadContext, pick } from './workload.ts'

const CITIES = ['Paris', 'London', 'Rome', 'Barcelona', 'Amsterdam', 'Berlin', 'Lisbon', 'Prague', 'Vienna', 'Madrid']
const PAGES = Math.ceil(HOTELS_PER_CITY / 30)

interface HotelData {
  id: number
  name: string
  url: string
}

interface Job {
  id: number
  status: string
  city: { geoId: number | null } | null
  subJobs: { succeeded: number; total: number }
  results: HotelData[]
  error: string | null
}

interface DrfPage {
  next: string | null
  results: { uid: number }[]
}

/**
 * A background search of a whole city every 20 s (90 hotels: 3 list pages and 90 hotel
 * pages from the demo site), followed to the end; then 10 of its hotels selected and saved,
 * 2 of them already saved before. A synchronous search every 15 s.
 */
export class HotelsWorkload implements Workload {
  readonly name = 'hotels'
  readonly describe = `a background search of a city (${HOTELS_PER_CITY} hotels, ${PAGES} list pages) every 20 s, then 10 hotels saved (2 again); a synchronous search every 15 s`
  private readonly paces: Pace[] = []
  private readonly saved = new Set<number>()
  private readonly jobs: { id: number; status: string; succeeded: number }[] = []
  private n = 0

  constructor(private readonly ctx: WorkloadContext) {}

  async setup(): Promise<void> {}

  private async search(): Promise<void> {
    const { client, random } = this.ctx
    const query = CITIES[this.n++ % CITIES.length]!
    const id = await client.json<number>('hotels', '/fastapi/search-hotels-using-celery/', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, page: 1, pages: PAGES }) })
    if (id === undefined) return
    let job: Job | undefined
    for (let waited = 0; waited < 180_000; waited += 1000) {
      await sleep(1000)
      job = await client.json<Job>('hotels', `/api/hotels/jobs/${id}`)
      if (job && job.status !== 'queued' && job.status !== 'running') break
    }
    this.jobs.push({ id, status: job?.status ?? 'unknown', succeeded: job?.subJobs.succeeded ?? 0 })
    if (job?.status !== 'succeeded' || !job.city?.geoId) throw new Error(`search ${id} (${query}) ended ${job?.status}: ${job?.error}`)
    const chosen = Array.from({ length: 10 }, () => pick(random, job.results))
    const again = [...this.saved].slice(-2)
    const data = [...chosen, ...job.results.filter((h) => again.includes(h.id))]
    const answer = await client.call('hotels', '/fastapi/save-selected-hotels/', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ city_id: job.city.geoId, data }) })
    if (answer) for (const h of chosen) this.saved.add(h.id)
  }

  start(): void {
    const { client, random } = this.ctx
    const fail = (error: unknown) => this.ctx.tally.fail(`hotels: ${(error as Error).message}`)
    this.paces.push(
      new Pace(1 / 20, 3, () => this.search(), fail).start(),
      new Pace(
        1 / 15,
        2,
        async () => {
          const hotels = await client.json<HotelData[]>('hotels', '/fastapi/search-hotels-using-asyncio/', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: pick(random, CITIES), page: 1 + Math.floor(random() * PAGES) }) })
          if (hotels && hotels.length !== 30) throw new Error(`a synchronous search answered ${hotels.length} hotels instead of 30`)
        },
        fail,
      ).start(),
    )
  }

  async stop(): Promise<void> {
    await Promise.all(this.paces.map((p) => p.stop()))
  }

  async check(): Promise<CheckResult[]> {
    await sleep(2000) // the hotels.selected consumer
    const stored = new Map<number, number>()
    for (let path: string | null = '/hotels/api/drf/hotels/'; path !== null; ) {
      const page: DrfPage | undefined = await this.ctx.client.json<DrfPage>('hotels', path)
      if (!page) break
      for (const h of page.results) stored.set(h.uid, (stored.get(h.uid) ?? 0) + 1)
      path = page.next === null ? null : new URL(page.next).pathname + new URL(page.next).search
    }
    const missing = [...this.saved].filter((uid) => !stored.has(uid))
    const twice = [...stored].filter(([, n]) => n > 1).length
    const incomplete = this.jobs.filter((j) => j.status !== 'succeeded' || j.succeeded !== HOTELS_PER_CITY)
    return [
      {
        name: `hotels: every background search scraped all ${HOTELS_PER_CITY} hotels`,
        ok: this.jobs.length > 0 && incomplete.length === 0,
        detail: incomplete.length === 0 ? `${this.jobs.length} searches` : `${incomplete.length} of ${this.jobs.length} not: ${JSON.stringify(incomplete.slice(0, 3))}`,
      },
      {
        name: 'hotels: every saved selection is stored, once',
        ok: this.saved.size > 0 && missing.length === 0 && twice === 0,
        detail: `${this.saved.size} hotels saved, ${missing.length} missing, ${twice} stored twice`,
      },
    ]
  }
}
