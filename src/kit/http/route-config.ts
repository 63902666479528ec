/**
 * Per-route settings read by the kit's hooks, set as a route's `config`.
 * - `access`: who may call it when auth is on (non-loopback). Default: `read` for GET,
 *   HEAD and OPTIONS, `write` for everything else. `read` routes stay open; `write` and
 *   `admin` need the token or a session. A read that uses POST (like ctr's `/predict`)
 *   says `access: 'read'`.
 */
export type Access = 'read' | 'write' | 'admin'

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access
  }
}
