import type { FastifyRequest } from 'fastify'
import type { Server } from './create-server.ts'
import Type from 'typebox'
import { safeEqual, signSession, verifySession, type AuthSettings } from './auth.ts'
import { UnauthorizedError, createError } from './errors.ts'
import type { Access } from './route-config.ts'

export const SESSION_COOKIE = 'flotilla_session'
/** A header a cross-site form cannot send: cookie-authenticated writes must carry it. */
export const CSRF_HEADER = 'x-flotilla-csrf'
const SESSION_MS = 12 * 60 * 60 * 1000
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

const TooManyAttempts = createError<[string]>('FLOTILLA_TOO_MANY_LOGIN_ATTEMPTS', '%s', 429)
const CsrfError = createError<[string]>('FLOTILLA_CSRF', '%s', 403)

declare module 'fastify' {
  interface FastifyRequest {
    /** How the caller proved itself: none, the bearer token, or a session cookie. */
    authenticatedBy?: 'bearer' | 'session'
  }
}

function accessOf(request: FastifyRequest): Access {
  return request.routeOptions.config?.access ?? (READ_METHODS.has(request.method) ? 'read' : 'write')
}

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization
  return header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined
}

export function authenticate(request: FastifyRequest, auth: AuthSettings): 'bearer' | 'session' | undefined {
  const token = bearer(request)
  if (token !== undefined) return safeEqual(token, auth.token) ? 'bearer' : undefined
  const cookies = request.headers.cookie
  if (cookies === undefined) return undefined
  return verifySession(auth.token, request.server.parseCookie(cookies)[SESSION_COOKIE], Date.now()) ? 'session' : undefined
}

/**
 * Behind a TLS-terminating proxy the request arrives as http with X-Forwarded-Proto. The
 * header is believed without trustProxy because all it can do is add Secure, which only
 * keeps the cookie off plain http.
 */
function behindHttps(request: FastifyRequest): boolean {
  const forwarded = request.headers['x-forwarded-proto']
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim().toLowerCase()
  return request.protocol === 'https' || first === 'https'
}

/** Login attempts per client address per minute, so the token cannot be guessed online. */
class LoginLimiter {
  private readonly attempts = new Map<string, { count: number; windowStart: number }>()
  constructor(private readonly perMinute = 10) {}
  allow(ip: string, now = Date.now()): boolean {
    const entry = this.attempts.get(ip)
    if (!entry || now - entry.windowStart > 60_000) {
      if (this.attempts.size > 10_000) this.attempts.clear()
      this.attempts.set(ip, { count: 1, windowStart: now })
      return true
    }
    entry.count += 1
    return entry.count <= this.perMinute
  }
}

export function registerAuth(app: Server, auth: AuthSettings): void {
  if (auth.enabled) {
    app.addHook('onRequest', async (request) => {
      const via = authenticate(request, auth)
      if (via) request.authenticatedBy = via
      if (accessOf(request) === 'read') return
      if (!via) throw new UnauthorizedError('this endpoint needs the token: send Authorization: Bearer <token>, or log in')
      if (via === 'session' && !READ_METHODS.has(request.method) && request.headers[CSRF_HEADER] === undefined) {
        throw new CsrfError(`cookie-authenticated writes must send the ${CSRF_HEADER} header`)
      }
    })
  }

  const limiter = new LoginLimiter()
  const Status = Type.Object({ enabled: Type.Boolean(), authenticated: Type.Boolean() })
  app.get('/api/auth', { schema: { tags: ['platform'], summary: 'Whether auth is on and this caller is authenticated', response: { 200: Status } } }, async (request) => ({
    enabled: auth.enabled,
    authenticated: !auth.enabled || authenticate(request, auth) !== undefined,
  }))
  app.post(
    '/api/auth/login',
    {
      config: { access: 'read' },
      schema: { tags: ['platform'], summary: 'Exchange the token for a session cookie', body: Type.Object({ token: Type.String({ maxLength: 512 }) }), response: { 200: Status } },
    },
    async (request, reply) => {
      if (!limiter.allow(request.ip)) throw new TooManyAttempts('too many login attempts; wait a minute')
      if (!safeEqual(request.body.token, auth.token)) throw new UnauthorizedError('wrong token')
      const expiresAt = Date.now() + SESSION_MS
      void reply.setCookie(SESSION_COOKIE, signSession(auth.token, expiresAt), {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: behindHttps(request),
        expires: new Date(expiresAt),
      })
      return { enabled: auth.enabled, authenticated: true }
    },
  )
  app.post('/api/auth/logout', { config: { access: 'read' }, schema: { tags: ['platform'], summary: 'End the session' } }, async (_request, reply) => {
    void reply.clearCookie(SESSION_COOKIE, { path: '/' })
    return reply.code(204).send()
  })
}
