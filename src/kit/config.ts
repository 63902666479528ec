import Type, { type Static, type TObject, type TProperties } from 'typebox'
import Value from 'typebox/value'

/** Settings every process reads (DESIGN.md, "Configuration every process reads"). */
export const BaseConfig = Type.Object({
  HOST: Type.String({ default: '127.0.0.1', minLength: 1, description: 'address to listen on; anything but loopback turns auth on' }),
  PORT: Type.Integer({ default: 8080, minimum: 0, maximum: 65535, description: 'HTTP port' }),
  FLOTILLA_DATA_DIR: Type.String({ default: './data', minLength: 1, description: 'SQLite file, stored files, generated token' }),
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://', description: 'postgres://… for PostgreSQL; unset: SQLite in the data dir' })),
  BROKER_URL: Type.Optional(Type.String({ pattern: '^amqps?://', description: 'amqp://… for RabbitMQ; unset: in-process' })),
  BROKER_PREFIX: Type.String({ default: 'flotilla', pattern: '^[A-Za-z0-9][\\w.-]*$', description: 'prefix of the RabbitMQ exchanges and queues (one per deployment sharing a broker)' }),
  BROKER_MAX_DELIVERIES: Type.Integer({ default: 10, minimum: 2, maximum: 1000, description: 'deliveries of a bus message a consumer group keeps rejecting before it is dead-lettered' }),
  FLOTILLA_TOKEN: Type.Optional(Type.String({ minLength: 16, description: 'API/admin token' })),
  FLOTILLA_SERVICES: Type.String({ default: 'all', pattern: '^[a-z,]+$', description: 'comma-separated subset of services to run, or all' }),
  FLOTILLA_ROLE: Type.Union([Type.Literal('all'), Type.Literal('api'), Type.Literal('worker'), Type.Literal('scheduler')], { default: 'all' }),
  LOG_LEVEL: Type.Union(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)), { default: 'info' }),
  FLOTILLA_PROFILER: Type.Union([Type.Literal('on'), Type.Literal('off')], { default: 'on', description: 'per-request capture of routes and SQL for /ui/profiler' }),
  FLOTILLA_JOB_LEASE_MS: Type.Integer({ default: 30_000, minimum: 1000, description: 'how long a worker holds a job between renewals (every third of it); a dead worker\u2019s jobs run again once it has passed' }),
  FLOTILLA_REQUEST_TIMEOUT_MS: Type.Integer({ default: 300_000, minimum: 0, description: 'longest a client may take to send one whole request, headers and body; past it the request is answered 408 and its connection closed (a slow-loris upload is cut, not held); 0: no limit' }),
  FLOTILLA_SHUTDOWN_GRACE_MS: Type.Integer({ default: 10_000, minimum: 0, description: 'how long SIGTERM waits for in-flight work' }),
  FLOTILLA_MAX_EVENT_LOOP_DELAY_MS: Type.Integer({ default: 1000, minimum: 0, description: 'mean event-loop delay (ms, sampled each second) above which requests are shed with 503; 0: never' }),
  FLOTILLA_MAX_HEAP_MB: Type.Integer({ default: 0, minimum: 0, description: 'heap in use (MB) above which requests are shed with 503; 0: 90% of the V8 heap limit' }),
  FLOTILLA_SHED_RETRY_AFTER_S: Type.Integer({ default: 5, minimum: 1, maximum: 3600, description: 'Retry-After (seconds) of a shed request' }),
})
export type BaseConfig = Static<typeof BaseConfig>

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(`invalid configuration: ${problems.map((p) => `${p.variable} ${p.message}`).join('; ')}`)
    this.name = 'ConfigError'
  }
}

/**
 * Merges the base schema with each service's own settings into the one schema the
 * process validates at start, so a bad value anywhere stops the start naming its variable.
 */
export function configSchema(extra: TObject[] = []): TObject {
  const properties: TProperties = { ...BaseConfig.properties }
  for (const schema of extra) Object.assign(properties, schema.properties)
  return Type.Object(properties)
}

const SECRET = /TOKEN|SECRET|PASSWORD|_URL$/

export function loadConfig<T extends TObject>(schema: T, env: Record<string, string | undefined> = process.env): Static<T> {
  const raw: Record<string, unknown> = {}
  for (const key of Object.keys(schema.properties)) {
    const value = env[key]
    if (value !== undefined && value !== '') raw[key] = value
  }
  const value = Value.Default(schema, Value.Convert(schema, raw))
  const problems = [...Value.Errors(schema, value)].map((e) => {
    const variable = e.instancePath.replace(/^\//, '') || 'config'
    // Secrets and URLs (which may carry passwords) are never echoed back.
    const shown = SECRET.test(variable) ? 'value hidden' : `got ${JSON.stringify(raw[variable] ?? null)}`
    return { variable, message: `${e.message} (${shown})` }
  })
  if (problems.length > 0) throw new ConfigError(problems)
  return value as Static<T>
}
