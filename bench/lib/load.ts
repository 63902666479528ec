import autocannon from 'autocannon'

export interface LoadResult {
  requestsPerSecond: number
  p50Ms: number
  p99Ms: number
  errors: number
  non2xx: number
}

export interface LoadOptions {
  url: string
  method?: 'GET' | 'POST'
  /** Bodies cycled through, one per request. */
  bodies?: string[]
  /** Paths cycled through, one per request (else the url's own path). */
  paths?: string[]
  headers?: Record<string, string>
  connections?: number
  durationSeconds?: number
}

/** Closed-loop load from autocannon: `connections` clients, each sending as fast as answered. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const bodies = options.bodies ?? []
  const paths = options.paths ?? []
  let next = 0
  const result = await autocannon({
    url: options.url,
    connections: options.connections ?? 50,
    duration: options.durationSeconds ?? 10,
    pipelining: 1,
    requests: [
      {
        method: options.method ?? 'GET',
        headers: options.headers ?? {},
        setupRequest: (request) => {
          const n = next++
          return {
            ...request,
            ...(bodies.length > 0 ? { body: bodies[n % bodies.length]! } : {}),
            ...(paths.length > 0 ? { path: paths[n % paths.length]! } : {}),
          }
        },
      },
    ],
  })
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  }
}
