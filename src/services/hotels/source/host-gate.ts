import { setTimeout as sleep } from 'node:timers/promises'

interface Waiter {
  resolve(): void
  reject(reason: unknown): void
}

/**
 * Politeness towards one host: at most `limit` requests at once, starts spaced at least
 * `intervalMs` apart (the rate limit), and none at all while the host asked us to wait
 * (a 429's Retry-After pauses every request to it, not just the one that got it).
 */
export class HostGate {
  private active = 0
  private readonly waiting: Waiter[] = []
  private nextStart = 0
  private pausedUntil = 0

  constructor(
    private readonly limit: number,
    private readonly intervalMs: number,
  ) {}

  get inFlight(): number {
    return this.active
  }

  /** Waits for a slot and for the host's turn; the function it resolves to gives the slot back. */
  async acquire(signal?: AbortSignal): Promise<() => void> {
    signal?.throwIfAborted()
    // A slot given back while others wait passes straight to the first of them.
    if (this.active >= this.limit || this.waiting.length > 0) await this.queue(signal)
    else this.active += 1
    let released = false
    const release = (): void => {
      if (released) return
      released = true
      const next = this.waiting.shift()
      if (next) next.resolve()
      else this.active -= 1
    }
    try {
      const now = Date.now()
      const at = Math.max(now, this.nextStart, this.pausedUntil)
      if (this.intervalMs > 0) this.nextStart = at + this.intervalMs
      if (at > now) await sleep(at - now, undefined, { signal })
    } catch (error) {
      release()
      throw error
    }
    return release
  }

  /** The host asked for a pause (429 with Retry-After): no request starts before `until`. */
  pause(until: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, until)
  }

  private queue(signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        resolve: () => {
          signal?.removeEventListener('abort', onAbort)
          resolve()
        },
        reject,
      }
      const onAbort = (): void => {
        const i = this.waiting.indexOf(waiter)
        if (i !== -1) this.waiting.splice(i, 1)
        reject(signal!.reason instanceof Error ? signal!.reason : new Error('aborted'))
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      this.waiting.push(waiter)
    })
  }
}
