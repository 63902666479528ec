import type { Tally } from './tally.ts'

export interface Answer {
  status: number
  body: Buffer
  headers: Headers
}

export interface CallOptions {
  method?: string
  body?: string | Buffer | ReadableStream
  headers?: Record<string, string>
  /** Statuses the caller expects besides 2xx (a deliberate 404, a FAILED task's 4xx…). */
  expect?: number[]
  timeoutMs?: number
}

/**
 * The soak's one way to call Flotilla: every answer is counted for its service, and a 5xx
 * other than 503, an unexpected status or no answer at all is a failure the report lists.
 * Returns undefined when there was no usable answer (the caller skips its follow-up).
 */
export class SoakClient {
  constructor(
    readonly base: string,
    private readonly tally: Tally,
  ) {}

  async call(service: string, path: string, options: CallOptions = {}): Promise<Answer | undefined> {
    const tally = this.tally.of(service)
    tally.requests++
    const method = options.method ?? 'GET'
    let response: Response
    let body: Buffer
    try {
      response = await fetch(`${this.base}${path}`, {
        method,
        headers: options.headers,
        body: options.body,
        signal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
        ...(options.body instanceof ReadableStream ? { duplex: 'half' } : {}),
      } as RequestInit)
      body = Buffer.from(await response.arrayBuffer())
    } catch (error) {
      tally.networkErrors++
      this.tally.fail(`${method} ${path}: no answer (${(error as Error).message})`)
      return undefined
    }
    const { status } = response
    if (status === 503) {
      tally.shed++
      return undefined
    }
    if (status >= 500) {
      tally.serverErrors++
      this.tally.fail(`${method} ${path}: ${status} ${body.toString('utf8', 0, 300)}`)
      return undefined
    }
    if ((status < 200 || status >= 300) && !options.expect?.includes(status)) {
      tally.unexpected++
      this.tally.fail(`${method} ${path}: unexpected ${status} ${body.toString('utf8', 0, 300)}`)
      return undefined
    }
    return { status, body, headers: response.headers }
  }

  async json<T>(service: string, path: string, options: CallOptions = {}): Promise<T | undefined> {
    const answer = await this.call(service, path, options)
    return answer ? (JSON.parse(answer.body.toString('utf8')) as T) : undefined
  }
}
