import { Pace } from '../pace.ts'
import { setTimeout as sleep } from 'node:timers/promises'
import { type CheckResult, type Workload, type WorkloadContext } from './workload.ts'

const ADS = 10_000
const UNKNOWN_FROM = ADS + 1

/** /predict at 100 requests/s (10 ids each, some unknown), and 100 estimates rewritten every 10 s. */
export class CtrWorkload implements Workload {
  readonly name = 'ctr'
  readonly describe = `POST /predict 100/s with 10 ids of ${ADS.toLocaleString('en-US')} (some unknown); 100 estimates upserted every 10 s`
  /** What every written ad's estimate must be once the writes are done. */
  private readonly expected = new Map<number, number>()
  private readonly paces: Pace[] = []
  private writes = 0

  constructor(private readonly ctx: WorkloadContext) {}

  async setup(): Promise<void> {
    const lines = ['adId,estimatedCVR']
    for (let id = 1; id <= ADS; id++) {
      const value = Number((id / (ADS + 1)).toFixed(9))
      this.expected.set(id, value)
      lines.push(`${id},${value}`)
    }
    const answer = await this.ctx.client.json<{ imported: number }>('ctr', '/api/ctr/estimates', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: lines.join('\n') })
    if (answer?.imported !== ADS) throw new Error(`ctr: the seed import answered ${JSON.stringify(answer)}`)
  }

  start(): void {
    const { client, random } = this.ctx
    const fail = (error: unknown) => this.ctx.tally.fail(`ctr: ${(error as Error).message}`)
    this.paces.push(
      new Pace(
        100,
        50,
        async () => {
          const ids = Array.from({ length: 10 }, () => 1 + Math.floor(random() * (ADS + 100)))
          const answer = await client.json<Record<string, { estimatedCVR: number }>>('ctr', '/predict', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ adId: ids }) })
          if (!answer) return
          for (const id of ids) {
            const value = answer[id]?.estimatedCVR
            if (typeof value !== 'number') throw new Error(`/predict left out ad ${id}`)
            if (id >= UNKNOWN_FROM && value !== -1) throw new Error(`/predict gave unknown ad ${id} the value ${value}`)
          }
        },
        fail,
      ).start(),
      new Pace(
        0.1,
        1,
        async () => {
          const estimates = Array.from({ length: 100 }, () => ({ adId: 1 + Math.floor(random() * ADS), estimatedCVR: Number(random().toFixed(9)) }))
          const answer = await client.json<{ imported: number }>('ctr', '/api/ctr/estimates', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ estimates }) })
          // Only an accepted write changes what /predict must answer (a shed one wrote nothing).
          if (answer) {
            this.writes++
            for (const e of estimates) this.expected.set(e.adId, e.estimatedCVR)
          }
        },
        fail,
      ).start(),
    )
  }

  async stop(): Promise<void> {
    await Promise.all(this.paces.map((p) => p.stop()))
  }

  async check(): Promise<CheckResult[]> {
    // The snapshot refreshes every CTR_REFRESH_SECONDS (2 in the soak).
    await sleep(5000)
    const ids = [...this.expected.keys()]
    let wrong = 0
    let firstWrong = ''
    for (let i = 0; i < ids.length; i += 1000) {
      const batch = ids.slice(i, i + 1000)
      const answer = await this.ctx.client.json<Record<string, { estimatedCVR: number }>>('ctr', '/predict', { method: 'POST', body: JSON.stringify({ adId: batch }) })
      for (const id of batch) {
        if (answer?.[id]?.estimatedCVR !== this.expected.get(id)) {
          wrong++
          firstWrong ||= `ad ${id}: ${answer?.[id]?.estimatedCVR} instead of ${this.expected.get(id)}`
        }
      }
    }
    return [
      {
        name: 'ctr: /predict serves the last accepted value of every ad',
        ok: wrong === 0,
        detail: wrong === 0 ? `${ids.length.toLocaleString('en-US')} ads, ${this.writes} upserts of 100` : `${wrong} wrong, e.g. ${firstWrong}`,
      },
    ]
  }
}
