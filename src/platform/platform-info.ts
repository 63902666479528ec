import type { Runtime } from '../kit/runtime.ts'
import type { LandingInfo, LandingLink } from './landing/landing-info.ts'
import { describeThisProcess, thisProcessOnly, type ProcessDirectory } from './processes.ts'

function links(runtime: Runtime): LandingLink[] {
  const locked = runtime.auth.enabled
  return [
    { href: '/ui/', label: 'Dashboard', note: 'A page per service: look up, import, watch jobs and checks as they run.' },
    { href: '/ui/admin', label: 'Admin', note: 'List, filter, create and edit the rows of each service\u2019s tables, with the API\u2019s validation.', locked },
    {
      href: '/ui/profiler',
      label: 'Profiler',
      note: runtime.profiler ? 'Recent requests: route, status, time, and every SQL query they ran.' : 'Off in this process (FLOTILLA_PROFILER=off).',
      locked,
    },
    { href: '/ui/db', label: 'Database', note: 'Tables, columns and rows, and a SQL console that cannot write.', locked },
    { href: '/docs', label: 'API docs', note: 'Every endpoint from the OpenAPI document, to read and to try.' },
    { href: '/openapi.json', label: 'OpenAPI document' },
    { href: '/metrics', label: 'Prometheus metrics', note: 'RED metrics of HTTP, jobs and the bus, and each service\u2019s own.' },
    { href: '/readyz', label: 'Readiness' },
  ]
}

/** What the landing page and the dashboard's navigation show, read off the running system. */
export async function platformInfo(runtime: Runtime, directory: ProcessDirectory = thisProcessOnly(runtime)): Promise<LandingInfo> {
  const { database } = runtime
  const processes = await directory.list()
  const self = processes.find((p) => p.current) ?? describeThisProcess(runtime, 'ok')
  return {
    version: runtime.version,
    mode: runtime.config.DATABASE_URL || runtime.config.BROKER_URL ? 'distributed' : 'embedded',
    database: `${database.dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL'} ${database.location}`,
    broker: runtime.config.BROKER_URL ? `RabbitMQ ${new URL(runtime.config.BROKER_URL).host}` : 'in-process',
    process: self,
    processes,
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
    links: links(runtime),
  }
}
