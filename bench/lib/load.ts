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
  headers?: Record<string, string>
  connections?: number
  durationSeconds?: number
}

/** Closed-loop load from autocannon: `connections` clients, each sending as fast as answered. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const bodies = options.bodies ?? []
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
          if (bodies.length === 0) return request
          const body = bodies[next++ % bodies.length]!
          return { ...request, body }
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
