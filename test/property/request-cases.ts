import fc from 'fast-check'
import { hostileString, invalid, valid, type JsonSchema } from './schema-arbitraries.ts'

/** One route of the OpenAPI document, as the property tests drive it. */
export interface Operation {
  method: string
  /** The OpenAPI path, `/api/monitor/websites/{id}`. */
  path: string
  pathParams: { name: string; schema: JsonSchema }[]
  queryParams: { name: string; schema: JsonSchema; required: boolean }[]
  body?: JsonSchema | undefined
  /** The statuses the route documents. */
  statuses: Set<number>
  /** False when the route declares no response schema (swagger then shows a default 200). */
  documentsStatuses: boolean
}

export interface RequestCase {
  method: string
  url: string
  headers: Record<string, string>
  payload?: string | Buffer | undefined
  /** Whether the case was made invalid on purpose (and which way), for the report. */
  mutation: string | undefined
}

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=xyz',
  'application/xml',
  'application/octet-stream',
  'application/json; charset=latin1',
  'garbage',
]

const RAW_TRAVERSAL = ['../../etc/passwd', '..%2F..%2Fetc%2Fpasswd', '%2e%2e%2f%2e%2e%2fetc%2fpasswd', '....//....//etc/passwd', '%00', '%FF%FE']
const RAW_QUERIES = ['%FF%FE=%C0%AF', 'a=%00', '%', 'a[b]=1&a[c]=2', '&&&==', `x=${'y'.repeat(10_000)}`, 'limit=1&limit=2&offset=-1']
const RAW_BODIES = ['{"a":', '\u0000', '[]', 'null', '{"a":1}{"b":2}', '\uFEFF{}', Buffer.from([0xff, 0xfe, 0x00, 0x7b]), `{"x":"${'y'.repeat(1_500_000)}"}`]

/** Percent-encodes every byte but the unreserved ones: lone surrogates become U+FFFD. */
function encode(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? 'undefined')
  let out = ''
  for (const byte of Buffer.from(text, 'utf8')) {
    const c = String.fromCharCode(byte)
    out += /[A-Za-z0-9\-._~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`
  }
  return out
}

type Mutation =
  | { kind: 'path'; name: string; value: unknown; raw: string | undefined }
  | { kind: 'query'; name: string; value: unknown }
  | { kind: 'rawQuery'; value: string }
  | { kind: 'body'; value: unknown }
  | { kind: 'field'; name: string; value: unknown }
  | { kind: 'rawBody'; value: string | Buffer }
  | { kind: 'contentType'; value: string }

function mutations(op: Operation): fc.Arbitrary<Mutation>[] {
  const out: fc.Arbitrary<Mutation>[] = []
  for (const p of op.pathParams) {
    out.push(fc.record({ kind: fc.constant('path' as const), name: fc.constant(p.name), value: invalid(p.schema), raw: fc.option(fc.constantFrom(...RAW_TRAVERSAL), { nil: undefined, freq: 3 }) }))
  }
  for (const q of op.queryParams) out.push(fc.record({ kind: fc.constant('query' as const), name: fc.constant(q.name), value: invalid(q.schema) }))
  out.push(fc.record({ kind: fc.constant('query' as const), name: fc.constantFrom('unknown', '__proto__', 'constructor'), value: hostileString }))
  out.push(fc.record({ kind: fc.constant('rawQuery' as const), value: fc.constantFrom(...RAW_QUERIES) }))
  out.push(fc.record({ kind: fc.constant('body' as const), value: invalid(op.body) }))
  for (const [name, schema] of Object.entries(op.body?.properties ?? {})) {
    out.push(fc.record({ kind: fc.constant('field' as const), name: fc.constant(name), value: invalid(schema) }))
  }
  out.push(fc.record({ kind: fc.constant('rawBody' as const), value: fc.constantFrom(...RAW_BODIES) }))
  out.push(fc.record({ kind: fc.constant('contentType' as const), value: fc.constantFrom(...CONTENT_TYPES) }))
  return out
}

function describe(m: Mutation): string {
  const shown = (v: unknown) => {
    const s = Buffer.isBuffer(v) ? `<bytes ${v.toString('hex')}>` : (JSON.stringify(v) ?? String(v))
    return s.length > 80 ? `${s.slice(0, 60)}…(${s.length} chars)` : s
  }
  switch (m.kind) {
    case 'path':
      return `path ${m.name}=${m.raw ?? shown(m.value)}`
    case 'query':
    case 'field':
      return `${m.kind} ${m.name}=${shown(m.value)}`
    default:
      return `${m.kind} ${shown(m.value)}`
  }
}

/** Requests for `op`: valid by its schemas, or with one part made hostile. */
export function requestCases(op: Operation, token?: string): fc.Arbitrary<RequestCase> {
  const pathValues = fc.record(Object.fromEntries(op.pathParams.map((p) => [p.name, valid(p.schema, 0, p.name)])))
  const query = fc.record(
    Object.fromEntries(op.queryParams.map((q) => [q.name, valid(q.schema, 0, q.name)])),
    { requiredKeys: op.queryParams.filter((q) => q.required).map((q) => q.name) },
  )
  const body = op.body ? valid(op.body) : fc.constant(undefined)
  const mutation = fc.option(fc.oneof(...mutations(op)), { nil: undefined, freq: 3 })
  return fc.record({ pathValues, query, body, mutation }).map(({ pathValues, query, body, mutation }) => {
    let contentType = op.body ? 'application/json' : undefined
    let payload: string | Buffer | undefined = op.body ? JSON.stringify(body) : undefined
    let rawQuery = ''
    const params: Record<string, string> = {}
    for (const [name, value] of Object.entries(pathValues)) params[name] = encode(value)
    const q: Record<string, unknown> = { ...query }
    switch (mutation?.kind) {
      case 'path':
        params[mutation.name] = mutation.raw ?? encode(mutation.value)
        break
      case 'query':
        q[mutation.name] = mutation.value
        break
      case 'rawQuery':
        rawQuery = mutation.value
        break
      case 'body':
        contentType ??= 'application/json'
        payload = JSON.stringify(mutation.value) ?? 'undefined'
        break
      case 'field':
        payload = JSON.stringify({ ...(body as object), [mutation.name]: mutation.value })
        break
      case 'rawBody':
        contentType ??= 'application/json'
        payload = mutation.value
        break
      case 'contentType':
        contentType = mutation.value
        payload ??= '{}'
        break
    }
    const path = op.path.replace(/\{(\w+)\}/g, (_m, name: string) => params[name] ?? '')
    const pairs = Object.entries(q).flatMap(([k, v]) => (Array.isArray(v) ? v.map((item) => `${encode(k)}=${encode(item)}`) : [`${encode(k)}=${encode(v)}`]))
    if (rawQuery) pairs.push(rawQuery)
    const url = pairs.length > 0 ? `${path}?${pairs.join('&')}` : path
    const headers: Record<string, string> = {}
    if (contentType) headers['content-type'] = contentType
    if (token) headers.authorization = `Bearer ${token}`
    return {
      method: op.method,
      url,
      headers,
      ...(payload !== undefined ? { payload } : {}),
      mutation: mutation ? describe(mutation) : undefined,
    }
  })
}

/** The operations of an OpenAPI document, websockets and the docs UI left out. */
export function operations(doc: any): Operation[] {
  const ops: Operation[] = []
  for (const [path, methods] of Object.entries<any>(doc.paths ?? {})) {
    if (path.startsWith('/docs') || path.endsWith('/ws')) continue
    for (const [method, op] of Object.entries<any>(methods)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue
      const parameters: any[] = op.parameters ?? []
      ops.push({
        method: method.toUpperCase(),
        path,
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => ({ name: p.name, schema: p.schema ?? {} })),
        queryParams: parameters.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema ?? {}, required: p.required === true })),
        body: op.requestBody?.content?.['application/json']?.schema,
        statuses: new Set(Object.keys(op.responses ?? {}).map(Number).filter(Number.isInteger)),
        documentsStatuses: !Object.values<any>(op.responses ?? {}).every((r) => r?.description === 'Default Response'),
      })
    }
  }
  return ops
}
