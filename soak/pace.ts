/**
 * Open-loop traffic: `fn` started `perSecond` times a second on average, never more than
 * `maxInFlight` at once. A start that would exceed the bound is dropped and counted, so a
 * slow server shows up as `dropped` instead of as an unbounded queue in the soak itself.
 */
export class Pace {
  dropped = 0
  private inFlight = new Set<Promise<void>>()
  private timer: NodeJS.Timeout | undefined
  private credit = 0
  private last = performance.now()

  constructor(
    private readonly perSecond: number,
    private readonly maxInFlight: number,
    private readonly fn: () => Promise<void>,
    /** A run that threw: a wrong answer the workload noticed. */
    private readonly onError: (error: unknown) => void,
  ) {}

  start(): this {
    this.last = performance.now()
    this.timer = setInterval(() => this.tick(), 20)
    return this
  }

  private tick(): void {
    const now = performance.now()
    this.credit += ((now - this.last) / 1000) * this.perSecond
    this.last = now
    while (this.credit >= 1) {
      this.credit--
      if (this.inFlight.size >= this.maxInFlight) {
        this.dropped++
        continue
      }
      const run: Promise<void> = this.fn()
        .catch(this.onError)
        .finally(() => this.inFlight.delete(run))
      this.inFlight.add(run)
    }
  }

  /** Stops starting and waits for what is running. */
  async stop(): Promise<void> {
    clearInterval(this.timer)
    await Promise.allSettled([...this.inFlight])
  }
}
