import type { Runtime } from '../kit/runtime.ts'
import type { LandingInfo } from './landing/landing-info.ts'

/** What the landing page and the dashboard's navigation show, read off the running process. */
export async function platformInfo(runtime: Runtime, healthy: boolean): Promise<LandingInfo> {
  const { database } = runtime
  return {
    version: runtime.version,
    mode: runtime.config.DATABASE_URL || runtime.config.BROKER_URL ? 'distributed' : 'embedded',
    database: `${database.dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL'} ${database.location}`,
    broker: runtime.config.BROKER_URL ? `RabbitMQ ${new URL(runtime.config.BROKER_URL).host}` : 'in-process',
    process: {
      pid: process.pid,
      role: runtime.role,
      uptimeSeconds: Math.round((Date.now() - runtime.startedAt) / 1000),
      rssBytes: process.memoryUsage.rss(),
      health: healthy ? 'ok' : 'degraded',
    },
    services: runtime.services.map(({ definition, instance, routes }) => ({
      name: definition.name,
      description: definition.description,
      routes,
      jobs: Object.keys(instance.jobs ?? {}),
      schedules: (instance.schedules ?? []).map((s) => ({ name: s.name, job: s.job, every: s.cron ?? `${(s.everyMs ?? 0) / 1000}s` })),
      topics: {
        publishes: instance.publishes ?? [],
        subscribes: (instance.subscriptions ?? []).map((s) => ({ topic: s.topic, group: s.group })),
      },
    })),
    links: [
      { href: '/ui/', label: 'Dashboard' },
      { href: '/docs', label: 'API docs' },
      { href: '/openapi.json', label: 'OpenAPI document' },
      { href: '/metrics', label: 'Prometheus metrics' },
      { href: '/readyz', label: 'Readiness' },
    ],
  }
}
