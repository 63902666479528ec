/** After a failed pass, the next comes this soon (or at the interval, if shorter). */
const RETRY_MS = 5_000

export interface RefreshLoopOptions {
  /** One pass; a throw is a failure, recorded in `lastError` and given to `onError`. */
  pass: () => Promise<void>
  onError: (error: unknown) => void
  intervalMs: number
}

/**
 * A state kept in memory and brought up to date from the database, in passes that run
 * one after another (a caller's pass starts after the ones asked for before it) every
 * `intervalMs`, sooner after a failure. ctr's snapshot and events' search index run on it.
 */
export class RefreshLoop {
  lastError: string | null = null
  private chain: Promise<void> = Promise.resolve()
  private timer: NodeJS.Timeout | undefined
  private stopped = false

  constructor(private readonly options: RefreshLoopOptions) {}

  /** A pass after those already asked for; it never rejects (see `lastError`). */
  run(): Promise<void> {
    this.chain = this.chain.then(() => this.once())
    return this.chain
  }

  /** Runs a pass every interval from now on, until `stop`. */
  start(): void {
    this.schedule(this.options.intervalMs)
  }

  /** No more passes; resolves once the one running, if any, is over. */
  async stop(): Promise<void> {
    this.stopped = true
    clearTimeout(this.timer)
    await this.chain
  }

  private async once(): Promise<void> {
    try {
      await this.options.pass()
      this.lastError = null
    } catch (error) {
      this.lastError = error instanceof Error ? error.message : String(error)
      this.options.onError(error)
    }
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return
    this.timer = setTimeout(() => {
      void this.run().then(() => this.schedule(this.lastError ? Math.min(RETRY_MS, this.options.intervalMs) : this.options.intervalMs))
    }, delayMs)
    this.timer.unref()
  }
}
