// Flotilla with the hotels service alone, plus one hidden route for the bench: the API
// process's event-loop delay and CPU time since the last reset.
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { createRuntime } from '../../src/kit/runtime.ts'
import { hotelsService } from '../../src/services/hotels/index.ts'

const RESOLUTION_MS = 10
const delay = monitorEventLoopDelay({ resolution: RESOLUTION_MS })
delay.enable()
// The histogram records whole timer intervals; the delay is what exceeds the resolution.
const ms = (ns: number) => Math.max(0, ns / 1e6 - RESOLUTION_MS)
let since = { wall: performance.now(), cpu: process.cpuUsage() }

const runtime = await createRuntime({
  services: [hotelsService],
  version: 'bench',
  platform: async ({ server }) => {
    server?.get('/bench/loop-delay', { schema: { hide: true } }, async (request) => {
      const cpu = process.cpuUsage(since.cpu)
      const cpuPercent = ((cpu.user + cpu.system) / 1000 / (performance.now() - since.wall)) * 100
      const figures = { p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max), samples: delay.count, cpuPercent }
      if ((request.query as { reset?: string }).reset === '1') {
        delay.reset()
        since = { wall: performance.now(), cpu: process.cpuUsage() }
      }
      return figures
    })
  },
})
process.on('SIGTERM', () => {
  void runtime.close().then(() => process.exit(0))
})
await runtime.listen()
