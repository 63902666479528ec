/** What the soak's traffic got back, per service: answers by class, sheds, failures kept for the report. */
export interface ServiceTally {
  requests: number
  /** 503s: deliberate sheds (under-pressure) or a dependency down; allowed. */
  shed: number
  /** Any other 5xx: never allowed. */
  serverErrors: number
  /** No answer at all (connection refused or reset, timeout): never allowed. */
  networkErrors: number
  /** Answers the workload did not expect (a 4xx to a valid request): never allowed. */
  unexpected: number
}

const MAX_KEPT = 20

export class Tally {
  readonly services = new Map<string, ServiceTally>()
  /** The first few failures, with what was asked, for the report. */
  readonly failures: string[] = []
  private failureCount = 0

  of(service: string): ServiceTally {
    let tally = this.services.get(service)
    if (!tally) {
      tally = { requests: 0, shed: 0, serverErrors: 0, networkErrors: 0, unexpected: 0 }
      this.services.set(service, tally)
    }
    return tally
  }

  total(): ServiceTally {
    const sum: ServiceTally = { requests: 0, shed: 0, serverErrors: 0, networkErrors: 0, unexpected: 0 }
    for (const t of this.services.values()) for (const key of Object.keys(sum) as (keyof ServiceTally)[]) sum[key] += t[key]
    return sum
  }

  fail(message: string): void {
    this.failureCount++
    if (this.failures.length < MAX_KEPT) this.failures.push(message)
  }

  get failuresNotKept(): number {
    return this.failureCount - this.failures.length
  }
}
