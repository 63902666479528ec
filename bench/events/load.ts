import autocannon from 'autocannon'
import type { LoadResult } from '../lib/load.ts'

/** bench/lib's runLoad, for GETs that cycle through paths (bench/lib only cycles bodies). */
export async function runPathLoad(options: { origin: string; paths: string[]; connections: number; durationSeconds: number }): Promise<LoadResult> {
  let next = 0
  const result = await autocannon({
    url: options.origin,
    connections: options.connections,
    duration: options.durationSeconds,
    pipelining: 1,
    requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: options.paths[next++ % options.paths.length]! }) }],
  })
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  }
}
