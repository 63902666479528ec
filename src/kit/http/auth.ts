import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost', '::ffff:127.0.0.1'])

export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host) || host.startsWith('127.')
}

export interface AuthSettings {
  /** Off on loopback, as the originals ran; on for any other address. */
  enabled: boolean
  token: string
  /** Set when the token was generated now and must be shown to the operator once. */
  generated: boolean
}

/**
 * The token is FLOTILLA_TOKEN, or one generated on first start and kept (mode 0600)
 * in the data directory, so that restarts keep working clients working.
 */
export function resolveAuth(host: string, configured: string | undefined, dataDir: string): AuthSettings {
  const enabled = !isLoopback(host)
  if (configured) return { enabled, token: configured, generated: false }
  const file = path.join(dataDir, 'token')
  if (existsSync(file)) return { enabled, token: readFileSync(file, 'utf8').trim(), generated: false }
  const token = randomBytes(24).toString('base64url')
  if (enabled) {
    mkdirSync(dataDir, { recursive: true })
    writeFileSync(file, `${token}\n`, { mode: 0o600 })
    chmodSync(file, 0o600)
  }
  return { enabled, token, generated: enabled }
}

/** Constant-time: the comparison takes as long whatever prefix matches. */
export function safeEqual(a: string, b: string): boolean {
  const key = randomBytes(32)
  const ha = createHmac('sha256', key).update(a).digest()
  const hb = createHmac('sha256', key).update(b).digest()
  return timingSafeEqual(ha, hb)
}

/** A session cookie value: an expiry signed with a key derived from the token. */
export function signSession(token: string, expiresAt: number): string {
  const mac = createHmac('sha256', `flotilla-session:${token}`).update(String(expiresAt)).digest('base64url')
  return `${expiresAt}.${mac}`
}

export function verifySession(token: string, value: string | undefined, now: number): boolean {
  if (!value) return false
  const [expires, mac] = value.split('.')
  const expiresAt = Number(expires)
  if (!mac || !Number.isSafeInteger(expiresAt) || expiresAt < now) return false
  return safeEqual(signSession(token, expiresAt), value)
}
