import type { SoakClient } from '../client.ts'
import type { Fixtures } from '../fixtures.ts'
import type { Tally } from '../tally.ts'

/** One check at the end of a soak: what was verified, and whether it held. */
export interface CheckResult {
  name: string
  ok: boolean
  detail: string
}

export interface WorkloadContext {
  client: SoakClient
  tally: Tally
  fixtures: Fixtures
  /** A deterministic random in [0, 1): the same soak asks the same things. */
  random: () => number
}

/** A service kept busy for the soak: set up, traffic started and stopped, verified at the end. */
export interface Workload {
  readonly name: string
  /** What it does, for the report's header. */
  readonly describe: string
  setup(): Promise<void>
  start(): void
  stop(): Promise<void>
  check(): Promise<CheckResult[]>
}

export function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)]!
}
