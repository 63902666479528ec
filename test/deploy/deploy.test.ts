import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import pino from 'pino'
import { parse } from 'yaml'
import { createFlotilla } from '../../src/app.ts'
import { configSchema, loadConfig } from '../../src/kit/config.ts'
import { services as allServices } from '../../src/services/index.ts'
import { createTestDatabase } from '../helpers/databases.ts'
import { startTestFlotilla } from '../helpers/flotilla.ts'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const DEPLOY = path.join(ROOT, 'deploy')
const read = (file: string) => readFileSync(path.join(DEPLOY, file), 'utf8')

interface ComposeService {
  image?: string
  build?: { context: string; dockerfile: string }
  command?: string[]
  environment?: Record<string, string>
  depends_on?: Record<string, { condition: string }> | string[]
  healthcheck?: { test: string[] }
  expose?: string[]
  ports?: string[]
  volumes?: string[]
}

const compose = parse(read('compose.yaml'), { merge: true }) as { services: Record<string, ComposeService> }
const services = compose.services
/** The Flotilla processes: every service that runs `start` with a role. */
const flotilla = Object.entries(services).filter(([, s]) => s.environment?.FLOTILLA_ROLE && !s.command?.includes('migrate'))

/** What `docker compose` does to `${VAR:?message}` and `${VAR:-default}`, with `values`. */
function interpolate(value: string, values: Record<string, string>): string {
  return value.replace(/\$\{(\w+)(?::[?-][^}]*)?\}/g, (_, name: string) => values[name] ?? '')
}

/** The container ports a service listens on, as compose declares them. */
function containerPorts(service: ComposeService): string[] {
  return [...(service.expose ?? []), ...(service.ports ?? []).map((p) => p.split(':').at(-1)!)]
}

test('compose runs PostgreSQL, RabbitMQ, two api, two worker and one scheduler process, Prometheus and Grafana', () => {
  for (const name of ['postgres', 'rabbitmq', 'prometheus', 'grafana']) assert.ok(services[name], name)
  const roles = flotilla.map(([, s]) => s.environment!.FLOTILLA_ROLE).sort()
  assert.deepEqual(roles, ['api', 'api', 'scheduler', 'worker', 'worker'])
  for (const [name, service] of Object.entries(services)) {
    if (name !== 'migrate') assert.ok(service.healthcheck?.test.length, `${name} has a healthcheck`)
    const needs = Array.isArray(service.depends_on) ? service.depends_on : Object.keys(service.depends_on ?? {})
    for (const dependency of needs) assert.ok(services[dependency], `${name} depends on ${dependency}, a service`)
  }
})

test('every Flotilla process gets a valid configuration pointing at the compose PostgreSQL and RabbitMQ', () => {
  const schema = configSchema(allServices.map((s) => s.config).filter((c) => c !== undefined))
  for (const [name, service] of [...flotilla, ['migrate', services.migrate!] as const]) {
    const env = Object.fromEntries(Object.entries(service.environment ?? {}).map(([k, v]) => [k, interpolate(String(v), { FLOTILLA_TOKEN: 'a-token-of-24-characters' })]))
    assert.doesNotThrow(() => loadConfig(schema, env), name)
    assert.equal(new URL(env.DATABASE_URL!).hostname, 'postgres', `${name} DATABASE_URL`)
    if (name === 'migrate') continue
    assert.equal(new URL(env.BROKER_URL!).hostname, 'rabbitmq', `${name} BROKER_URL`)
    assert.equal(service.image, services.migrate?.image, `${name} runs the one image`)
    assert.ok(service.volumes?.some((v) => v.endsWith(':/data')), `${name} shares the files volume`)
    const depends = service.depends_on as Record<string, { condition: string }>
    assert.equal(depends.postgres?.condition, 'service_healthy', name)
    assert.equal(depends.rabbitmq?.condition, 'service_healthy', name)
    assert.equal(depends.migrate?.condition, 'service_completed_successfully', name)
  }
})

test('every Flotilla process is health-checked on the port it listens on, whatever its role', () => {
  for (const [name, service] of flotilla) {
    const check = service.healthcheck?.test.join(' ') ?? ''
    assert.match(check, /http:\/\/127\.0\.0\.1:8080\/readyz/, `${name} checks its own /readyz`)
    assert.ok(containerPorts(service).includes('8080'), `${name} listens on 8080`)
    assert.equal(service.environment?.PORT ?? '8080', '8080', `${name} PORT`)
  }
})

test('worker and scheduler processes serve /healthz, /readyz and /metrics, and nothing else', async (t) => {
  for (const role of ['worker', 'scheduler']) {
    await t.test(role, async () => {
      const db = await createTestDatabase('sqlite')
      const dataDir = mkdtempSync(path.join(os.tmpdir(), 'flotilla-deploy-'))
      const runtime = await createFlotilla({
        database: db.database,
        log: pino({ level: 'silent' }),
        env: { FLOTILLA_DATA_DIR: dataDir, LOG_LEVEL: 'silent', FLOTILLA_ROLE: role, HOST: '127.0.0.1', PORT: '0' },
      })
      try {
        assert.equal(runtime.server, undefined, 'no API server')
        const base = await runtime.listen()
        assert.equal((await fetch(`${base}/healthz`)).status, 200)
        const ready = await fetch(`${base}/readyz`)
        assert.deepEqual([ready.status, await ready.json()], [200, { status: 'ok', checks: { database: 'ok' } }])
        const metrics = await fetch(`${base}/metrics`)
        assert.equal(metrics.status, 200)
        assert.match(metrics.headers.get('content-type') ?? '', /^text\/plain/)
        assert.match(await metrics.text(), /^# TYPE process_cpu_user_seconds_total counter$/m)
        for (const url of ['/', '/ui/', '/docs', '/openapi.json', '/api/auth', '/api/jobs', '/search', '/v1/tasks/status/x']) {
          const response = await fetch(`${base}${url}`)
          assert.equal(response.status, 404, url)
          assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'FLOTILLA_ROUTE_NOT_FOUND', url)
        }
      } finally {
        await runtime.close()
        await db.cleanup()
        rmSync(dataDir, { recursive: true, force: true })
      }
    })
  }
})

test('Prometheus scrapes every Flotilla process, each target a compose service and port', () => {
  const config = parse(read('prometheus.yml')) as { scrape_configs: Array<{ job_name: string; static_configs: Array<{ targets: string[] }> }> }
  const targets = config.scrape_configs.flatMap((c) => c.static_configs.flatMap((s) => s.targets))
  for (const target of targets) {
    const [host, port] = target.split(':') as [string, string]
    assert.ok(services[host], `${target} names a compose service`)
    assert.ok(containerPorts(services[host]).includes(port), `${host} listens on ${port}`)
  }
  for (const [name] of flotilla) assert.ok(targets.includes(`${name}:8080`), `${name} is scraped`)
  assert.ok(services.prometheus?.volumes?.includes('./prometheus.yml:/etc/prometheus/prometheus.yml:ro'))
})

test('the Dockerfile builds in stages and runs as a non-root user, keeping tsx', () => {
  const dockerfile = read('Dockerfile')
  const stages = [...dockerfile.matchAll(/^FROM\s+(\S+)\s+AS\s+(\S+)/gim)].map((m) => ({ image: m[1]!, name: m[2]! }))
  assert.deepEqual(stages.map((s) => s.name), ['build', 'runtime'])
  for (const s of stages) assert.match(s.image, /^node:20-(slim|alpine)/)
  const runtime = dockerfile.slice(dockerfile.search(/^FROM\s+\S+\s+AS\s+runtime/im))
  assert.match(runtime, /^USER\s+(?!root\b|0\b)\S+/m, 'the runtime stage switches to a non-root user')
  assert.match(dockerfile, /^RUN npm ci$/m)
  assert.match(dockerfile, /npm run build:ui/)
  assert.match(dockerfile, /npm prune --omit=dev/)
  assert.doesNotMatch(runtime, /apt-get|npm ci/, 'no toolchain or install in the runtime stage')
  // The bin runs the sources through tsx: the prune must keep it.
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }
  assert.ok(pkg.dependencies.tsx, 'tsx is a runtime dependency')
  for (const [, from] of runtime.matchAll(/^COPY --from=build (.+) \S+$/gm)) {
    for (const source of from!.split(' ')) assert.ok(existsSync(path.join(ROOT, source.replace('/app/', '').replace('ui/dist', 'ui'))), source)
  }
  const ignored = read('Dockerfile.dockerignore')
  for (const entry of ['**/node_modules', '.git', 'data']) assert.match(ignored, new RegExp(`^${entry.replace(/\*/g, '\\*').replace('.', '\\.')}$`, 'm'))
  const build = services['api-1']?.build
  assert.deepEqual(build, { context: '..', dockerfile: 'deploy/Dockerfile' })
})

/** Metric names a PromQL expression reads: identifiers that are not functions, keywords or labels. */
function metricNames(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, '')
  const keywords = new Set(['by', 'without', 'on', 'ignoring', 'and', 'or', 'unless', 'offset', 'bool', 'inf', 'nan'])
  return [...stripped.matchAll(/\b([a-zA-Z_:][\w:]*)\b(\s*\()?/g)].filter((m) => !m[2] && !keywords.has(m[1]!.toLowerCase())).map((m) => m[1]!)
}

test('metricNames finds the metrics of a PromQL expression', () => {
  assert.deepEqual(metricNames('histogram_quantile(0.99, sum by (le, route) (rate(flotilla_http_request_duration_seconds_bucket{status=~"5.."}[5m])))'), [
    'flotilla_http_request_duration_seconds_bucket',
  ])
  assert.deepEqual(metricNames('sum(rate(a_total[5m])) / sum(b)'), ['a_total', 'b'])
})

test('Grafana is provisioned with Prometheus and a dashboard whose every query reads a metric Flotilla exports', async () => {
  const datasources = parse(read('grafana/provisioning/datasources/prometheus.yml')) as { datasources: Array<{ uid: string; type: string; url: string }> }
  const [prometheus] = datasources.datasources
  assert.equal(prometheus?.type, 'prometheus')
  const url = new URL(prometheus.url)
  assert.ok(services[url.hostname], 'the datasource names a compose service')
  assert.ok(containerPorts(services[url.hostname]!).includes(url.port))
  const providers = parse(read('grafana/provisioning/dashboards/flotilla.yml')) as { providers: Array<{ options: { path: string } }> }
  const mounts = services.grafana?.volumes ?? []
  assert.ok(mounts.includes(`./grafana/dashboards:${providers.providers[0]?.options.path}:ro`), 'the provider reads the mounted dashboards')
  assert.ok(mounts.includes('./grafana/provisioning:/etc/grafana/provisioning:ro'))

  const dashboard = JSON.parse(read('grafana/dashboards/flotilla.json')) as { uid: string; panels: Array<{ title: string; type: string; datasource?: { uid: string }; targets?: Array<{ expr: string }> }> }
  const queries = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => ({ panel: p.title, expr: t.expr })))
  assert.ok(queries.length >= 30, `${queries.length} queries`)
  for (const panel of dashboard.panels) if (panel.type !== 'row') assert.equal(panel.datasource?.uid, prometheus.uid, panel.title)
  for (const section of ['HTTP', 'Jobs', 'ctr', 'events', 'monitor', 'plays']) assert.ok(dashboard.panels.some((p) => p.type === 'row' && p.title.includes(section)), section)

  const db = await createTestDatabase('sqlite')
  const app = await startTestFlotilla(db)
  let exported: Set<string>
  try {
    const text = (await app.server.inject({ url: '/metrics' })).body
    exported = new Set([...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].flatMap(([, name, type]) => (type === 'histogram' ? [`${name}_bucket`, `${name}_sum`, `${name}_count`] : [name!])))
  } finally {
    await app.close()
    await db.cleanup()
  }
  // `up` is Prometheus's own, one per target.
  exported.add('up')
  const missing = queries.flatMap((q) => metricNames(q.expr).filter((m) => !exported.has(m)).map((m) => `${q.panel}: ${m}`))
  assert.deepEqual(missing, [])
})
