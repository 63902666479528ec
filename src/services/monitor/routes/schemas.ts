import Type from 'typebox'
import { MAX_INTERVAL, MAX_URL_LENGTH, MIN_INTERVAL } from '../website.ts'

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()])
const State = Type.Union([Type.Literal('unknown'), Type.Literal('up'), Type.Literal('down')])
const ErrorKind = Nullable(Type.String({ description: 'timeout, dns, refused, reset, tls, redirects, network or regex' }))

export const WebsiteId = Type.Object({ id: Type.Integer({ minimum: 1 }) })

export const Check = Type.Object({
  id: Type.Integer(),
  startedAt: Type.Integer({ description: 'epoch ms' }),
  durationMs: Type.Integer(),
  status: Nullable(Type.Integer()),
  error: ErrorKind,
  matches: Nullable(Type.Array(Type.Unknown())),
  up: Type.Boolean(),
})

export const Website = Type.Object({
  id: Type.Integer(),
  url: Type.String(),
  intervalSeconds: Type.Integer(),
  regex: Nullable(Type.String()),
  regexMustMatch: Type.Boolean(),
  failureThreshold: Nullable(Type.Integer()),
  webhookUrl: Nullable(Type.String()),
  paused: Type.Boolean(),
  state: State,
  stateSince: Nullable(Type.Integer()),
  createdAt: Type.Integer(),
  updatedAt: Type.Integer(),
})

export const WebsiteListItem = Type.Intersect([Website, Type.Object({ uptime24h: Nullable(Type.Number()), lastCheck: Nullable(Check) })])

const settings = {
  url: Type.String({ minLength: 1, maxLength: MAX_URL_LENGTH, description: 'absolute http(s) URL' }),
  intervalSeconds: Type.Integer({ minimum: MIN_INTERVAL, maximum: MAX_INTERVAL }),
  regex: Type.Optional(Nullable(Type.String({ maxLength: 1000, description: 'searched in the tag-stripped body; Python syntax is accepted' }))),
  regexMustMatch: Type.Optional(Type.Boolean({ description: 'a check without a match counts as down' })),
  failureThreshold: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 100 }))),
  webhookUrl: Type.Optional(Nullable(Type.String({ maxLength: MAX_URL_LENGTH }))),
  paused: Type.Optional(Type.Boolean()),
}
export const WebsiteCreate = Type.Object(settings, { additionalProperties: false, examples: [{ url: 'https://example.com/', intervalSeconds: 30, regex: 'Example \\w+' }] })
export const WebsitePatch = Type.Partial(Type.Object(settings), { additionalProperties: false })

export const StateChange = Type.Object({
  id: Type.Integer(),
  websiteId: Type.Integer(),
  url: Type.String(),
  from: State,
  to: State,
  at: Type.Integer(),
  status: Nullable(Type.Integer()),
  error: ErrorKind,
})

const Latency = Type.Object({ p50: Nullable(Type.Number()), p95: Nullable(Type.Number()), p99: Nullable(Type.Number()), mean: Nullable(Type.Number()) })
export const Stats = Type.Object({
  websiteId: Type.Integer(),
  state: State,
  stateSince: Nullable(Type.Integer()),
  windows: Type.Array(
    Type.Object({ window: Type.String(), checks: Type.Integer(), upChecks: Type.Integer(), uptime: Nullable(Type.Number()), latencyMs: Latency }),
  ),
  stateChanges: Type.Array(StateChange),
})

export const HourlyPoint = Type.Object({
  hour: Type.Integer(),
  checks: Type.Integer(),
  upChecks: Type.Integer(),
  meanMs: Nullable(Type.Number()),
  minMs: Nullable(Type.Integer()),
  maxMs: Nullable(Type.Integer()),
  p50: Nullable(Type.Number()),
  p95: Nullable(Type.Number()),
  p99: Nullable(Type.Number()),
})

export const TimeRange = {
  from: Type.Optional(Type.Integer({ description: 'epoch ms, inclusive' })),
  to: Type.Optional(Type.Integer({ description: 'epoch ms, exclusive' })),
}
