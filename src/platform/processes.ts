import { hostname } from 'node:os'
import type { Runtime } from '../kit/runtime.ts'
import type { LandingProcess } from './landing/landing-info.ts'
import type { ProcessRow } from './landing/landing-processes.ts'

/**
 * Where the landing page learns which processes make up the deployment. Embedded, there
 * is one: this. A distributed deployment would read the heartbeat each process writes
 * (a `kit_process` row: host, pid, role, services, started_at, last_seen_at, health,
 * upserted every few seconds) and show a process whose heartbeat stopped as degraded;
 * the page needs nothing else.
 */
export interface ProcessDirectory {
  list(): Promise<LandingProcess[]>
}

export type Health = 'ok' | 'degraded'

const HEALTH_TIMEOUT_MS = 2_000

/** Healthy when the database answers within two seconds. */
export async function checkHealth(runtime: Runtime): Promise<Health> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<Health>((resolve) => {
    timer = setTimeout(() => resolve('degraded'), HEALTH_TIMEOUT_MS)
  })
  const ping = runtime.database.db
    .selectNoFrom((eb) => eb.val(1).as('one'))
    .execute()
    .then(
      (): Health => 'ok',
      (): Health => 'degraded',
    )
  try {
    return await Promise.race([ping, timeout])
  } finally {
    clearTimeout(timer)
  }
}

export function describeThisProcess(runtime: Runtime, health: Health): ProcessRow {
  return {
    pid: process.pid,
    host: hostname(),
    role: runtime.role,
    services: runtime.services.map((s) => s.definition.name),
    uptimeSeconds: Math.round((Date.now() - runtime.startedAt) / 1000),
    rssBytes: process.memoryUsage.rss(),
    health,
    lastSeenSeconds: 0,
    current: true,
    ...(runtime.scheduler ? { schedulerLeader: runtime.scheduler.leading } : {}),
  }
}

export function thisProcessOnly(runtime: Runtime): ProcessDirectory {
  return { list: async () => [describeThisProcess(runtime, await checkHealth(runtime))] }
}
