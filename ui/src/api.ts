/**
 * The one way the dashboard talks to Flotilla: JSON in and out, same-origin credentials,
 * the CSRF header on every write, and every failure turned into an ApiError
 * `{status, code, message}` whatever the body looked like.
 */

export interface ApiErrorShape {
  /** HTTP status; 0 when the server could not be reached. */
  status: number
  code: string
  message: string
  details?: Record<string, unknown>
}

export class ApiError extends Error implements ApiErrorShape {
  readonly status: number
  readonly code: string
  readonly details?: Record<string, unknown>
  readonly method: string

  constructor(shape: ApiErrorShape, method = 'GET') {
    super(shape.message)
    this.name = 'ApiError'
    this.status = shape.status
    this.code = shape.code
    if (shape.details) this.details = shape.details
    this.method = method
  }
}

export interface RequestOptions {
  method?: string
  /** A value sent as JSON. */
  json?: unknown
  /** A raw body (e.g. a CSV file's text), sent with `contentType`. */
  body?: string | Blob
  contentType?: string
  headers?: Record<string, string>
  signal?: AbortSignal
}

export const CSRF_HEADER = 'x-flotilla-csrf'
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  if (text.trim() === '') return { ok: false }
  try {
    return { ok: true, value: JSON.parse(text) as unknown }
  } catch {
    return { ok: false }
  }
}

/** Turns any error answer into `{status, code, message}`: our envelope, Fastify's, a bare JSON string, or text. */
export function toErrorShape(status: number, statusText: string, text: string): ApiErrorShape {
  const fallbackCode = `HTTP_${status}`
  const fallbackMessage = statusText || `request failed (HTTP ${status})`
  const parsed = parseJson(text)
  if (!parsed.ok) {
    // Plain text is the message; an HTML error page (a proxy's) is not worth showing.
    const plain = text.trim()
    const usable = plain !== '' && !plain.startsWith('<')
    return { status, code: fallbackCode, message: usable ? plain.slice(0, 300) : fallbackMessage }
  }
  const body = parsed.value
  if (typeof body === 'string') return { status, code: fallbackCode, message: body || fallbackMessage }
  if (isRecord(body)) {
    const inner = isRecord(body.error) ? body.error : body
    const code = typeof inner.code === 'string' ? inner.code : fallbackCode
    const message = typeof inner.message === 'string' ? inner.message : typeof body.error === 'string' ? body.error : fallbackMessage
    return { status, code, message, ...(isRecord(inner.details) ? { details: inner.details } : {}) }
  }
  return { status, code: fallbackCode, message: fallbackMessage }
}

export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError'
}

export async function apiFetch<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const hasBody = options.json !== undefined || options.body !== undefined
  const method = (options.method ?? (hasBody ? 'POST' : 'GET')).toUpperCase()
  const headers = new Headers(options.headers)
  headers.set('accept', 'application/json')
  let body: string | Blob | undefined
  if (options.json !== undefined) {
    headers.set('content-type', 'application/json')
    body = JSON.stringify(options.json)
  } else if (options.body !== undefined) {
    body = options.body
    if (options.contentType) headers.set('content-type', options.contentType)
  }
  if (!READ_METHODS.has(method)) headers.set(CSRF_HEADER, '1')

  let response: Response
  try {
    response = await fetch(path, { method, headers, body: body ?? null, credentials: 'same-origin', signal: options.signal ?? null })
  } catch (error) {
    if (isAbort(error)) throw error
    throw new ApiError({ status: 0, code: 'NETWORK_ERROR', message: 'cannot reach the Flotilla server' }, method)
  }
  const text = await response.text()
  if (!response.ok) throw new ApiError(toErrorShape(response.status, response.statusText, text), method)
  const parsed = parseJson(text)
  return (parsed.ok ? parsed.value : text) as T
}

export const api = {
  get: <T>(path: string, options: Omit<RequestOptions, 'method'> = {}) => apiFetch<T>(path, { ...options, method: 'GET' }),
  post: <T>(path: string, json: unknown, options: Omit<RequestOptions, 'method' | 'json'> = {}) =>
    apiFetch<T>(path, { ...options, method: 'POST', json }),
  send: <T>(method: string, path: string, body: string | Blob, contentType: string, options: Omit<RequestOptions, 'method' | 'body' | 'contentType'> = {}) =>
    apiFetch<T>(path, { ...options, method, body, contentType }),
}

/** A sentence for the user: what went wrong, phrased for the page. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 401) return READ_METHODS.has(error.method) ? 'Log in to see this' : 'Log in to write'
    return error.message
  }
  if (error instanceof Error) return error.message
  return String(error)
}
