// `npm run bench -- <name>`: runs one benchmark, which prints its figures as ratios to a
// baseline measured in the same run.
import { benchCtr } from './ctr.ts'
import { benchEvents } from './events.ts'
import { benchHotels } from './hotels.ts'
import { benchJobs } from './jobs.ts'
import { benchMonitor } from './monitor.ts'
import { benchPlays } from './plays.ts'
import { benchProfiler } from './profiler.ts'

const benches: Record<string, () => Promise<void>> = {
  ctr: benchCtr,
  events: benchEvents,
  hotels: benchHotels,
  jobs: benchJobs,
  monitor: benchMonitor,
  plays: benchPlays,
  profiler: benchProfiler,
}

const name = process.argv[2]
const bench = name ? benches[name] : undefined
if (!bench) {
  console.error(`usage: npm run bench -- <${Object.keys(benches).join('|')}>`)
  process.exit(2)
}
await bench()
