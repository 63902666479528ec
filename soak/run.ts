// `npm run soak -- --minutes N`: every service busy at once on 127.0.0.1 for N minutes
// (searches, predictions, uploads, monitors, scrapes of the demo site), against one
// `flotilla start` on its embedded default (or DATABASE_URL / BROKER_URL when set).
// Reports RSS and event-loop delay over time and error counts, then checks that every
// accepted upload produced the right output and every saved selection is stored.
// Exit code 0 only when every check held.
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { parseArgs } from 'node:util'
import { lcg } from '../bench/lib/random.ts'
import { SoakClient } from './client.ts'
import { startFixtures } from './fixtures.ts'
import { printReport } from './report.ts'
import { Sampler } from './sampler.ts'
import { Tally } from './tally.ts'
import { CtrWorkload } from './workloads/ctr.ts'
import { EventsWorkload } from './workloads/events.ts'
import { HotelsWorkload } from './workloads/hotels.ts'
import { MonitorWorkload } from './workloads/monitor.ts'
import { PlaysWorkload } from './workloads/plays.ts'
import { type CheckResult, type Workload } from './workloads/workload.ts'

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    'sample-seconds': { type: 'string', default: '10' },
    keep: { type: 'boolean', default: false },
  },
})
const minutes = Number(values.minutes)
const sampleSeconds = Number(values['sample-seconds'])
if (!(minutes > 0) || !(sampleSeconds > 0)) {
  console.error('usage: npm run soak -- --minutes N [--sample-seconds S] [--keep]   (N > 0, may be fractional)')
  process.exit(2)
}

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'flotilla-soak-'))
const tally = new Tally()
console.log(`soak: ${minutes} min, data and Flotilla's log in ${dataDir}`)
const fixtures = await startFixtures(dataDir)
let passed: boolean
try {
  const ctx = { client: new SoakClient(fixtures.base, tally), tally, fixtures, random: lcg(7) }
  const workloads: Workload[] = [new CtrWorkload(ctx), new EventsWorkload(ctx), new PlaysWorkload(ctx), new MonitorWorkload(ctx), new HotelsWorkload(ctx)]
  for (const w of workloads) {
    await w.setup()
    console.log(`  ${w.name}: ${w.describe}`)
  }
  const sampler = new Sampler(fixtures.base, fixtures.flotilla.pid!, tally)
  await sampler.sample() // resets the loop-delay histogram: the first interval starts now
  sampler.samples.length = 0
  sampler.start(sampleSeconds * 1000)
  for (const w of workloads) w.start()
  const progress = setInterval(() => {
    const s = sampler.samples.at(-1)
    if (s) console.log(`  ${(s.t / 60).toFixed(1)} min: RSS ${s.rssMb.toFixed(0)} MB, loop p99 ${s.loopP99Ms.toFixed(1)} ms, ${s.requests.toLocaleString('en-US')} requests, ${s.shed} shed, ${s.serverErrors} 5xx`)
  }, 60_000)
  await sleep(minutes * 60_000)
  clearInterval(progress)
  await sampler.sample()
  sampler.stop()
  await Promise.all(workloads.map((w) => w.stop()))
  console.log('  traffic stopped; checking')
  const checks: CheckResult[] = []
  for (const w of workloads) checks.push(...(await w.check()))
  passed = printReport({ minutes, workloads, samples: sampler.samples, tally, checks, healthFailures: sampler.healthChecksFailed })
} finally {
  await fixtures.close()
  if (!values.keep) rmSync(dataDir, { recursive: true, force: true })
}
process.exit(passed ? 0 : 1)
