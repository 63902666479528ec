/** What one engine run reports to the bench, as one JSON line on stdout. */
export interface RunReport {
  engine: string
  websites: number
  seconds: number
  /** Checks stored whose start fell in the measured window. */
  checks: number
  /** Checks the engine gave up in the window, by its own count (null: it keeps none). */
  skipped: number | null
  lagP50: number
  lagP99: number
  lagMax: number
  /** Request start to the end of the body, of the checks in the window. */
  checkP50: number
  checkP99: number
  /** CPU time of the engine process over the window, in % of one core. */
  cpuPercent: number
  rssMb: number
  bytesPerCheck: number
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!
}

/** Samples the process's CPU and peak RSS from the moment `start()` is called. */
export function resourceMeter() {
  let cpu = process.cpuUsage()
  let wall = performance.now()
  let peak = process.memoryUsage.rss()
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 250)
  timer.unref()
  return {
    start() {
      cpu = process.cpuUsage()
      wall = performance.now()
      peak = process.memoryUsage.rss()
    },
    stop() {
      clearInterval(timer)
      const used = process.cpuUsage(cpu)
      return { cpuPercent: ((used.user + used.system) / 1000 / (performance.now() - wall)) * 100, rssMb: Math.max(peak, process.memoryUsage.rss()) / 1024 / 1024 }
    },
  }
}

export function siteUrl(ports: readonly number[], i: number): string {
  return `http://127.0.0.1:${ports[i % ports.length]}/site/${i}`
}

/** One website in ten has a regex, to exercise the matching path. */
export function siteRegex(i: number): string | null {
  return i % 10 === 0 ? '(\\d+) EUR' : null
}
