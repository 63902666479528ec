import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import fastifyStatic from '@fastify/static'
import Type from 'typebox'
import type { Runtime } from '../kit/runtime.ts'
import { authenticate } from '../kit/http/auth-hook.ts'
import { registerAdmin } from './admin/admin-routes.ts'
import { registerDbBrowser } from './db/db-routes.ts'
import { renderLanding } from './landing/render-landing.ts'
import { platformInfo } from './platform-info.ts'
import { registerProfilerRoutes } from './profiler/profiler-routes.ts'

const UI_DIST = fileURLToPath(new URL('../../ui/dist/', import.meta.url))

const PlatformReply = Type.Object({
  name: Type.String(),
  version: Type.String(),
  mode: Type.Union([Type.Literal('embedded'), Type.Literal('distributed')]),
  role: Type.String(),
  services: Type.Array(Type.Object({ name: Type.String(), description: Type.String() })),
  auth: Type.Object({ enabled: Type.Boolean(), authenticated: Type.Boolean() }),
  profiler: Type.Boolean(),
})

/** The surfaces that know the whole process: landing page, dashboard, admin, profiler, database browser. */
export async function registerPlatform(runtime: Runtime): Promise<void> {
  const app = runtime.server
  if (!app) return

  app.get('/', { schema: { hide: true } }, async (_request, reply) => {
    const info = await platformInfo(runtime)
    return reply.type('text/html; charset=utf-8').send(renderLanding(info))
  })

  app.get('/api/platform', { schema: { tags: ['platform'], summary: 'This process: mode, role, services, auth state', response: { 200: PlatformReply } } }, async (request) => ({
    name: 'flotilla',
    version: runtime.version,
    mode: runtime.config.DATABASE_URL || runtime.config.BROKER_URL ? ('distributed' as const) : ('embedded' as const),
    role: runtime.role,
    services: runtime.services.map(({ definition }) => ({ name: definition.name, description: definition.description })),
    auth: { enabled: runtime.auth.enabled, authenticated: !runtime.auth.enabled || authenticate(request, runtime.auth) !== undefined },
    profiler: runtime.profiler !== undefined,
  }))

  registerAdmin(app, runtime.services.map(({ definition, instance }) => ({ service: definition.name, models: instance.admin ?? [] })))
  registerProfilerRoutes(app, runtime.profiler)
  registerDbBrowser(app, runtime.database)

  if (!existsSync(UI_DIST)) {
    app.get('/ui/*', { schema: { hide: true } }, async (_request, reply) =>
      reply.code(503).type('text/plain').send('The dashboard is not built: run `npm run build:ui` (npm start does it).'),
    )
    return
  }
  await app.register(fastifyStatic, { root: UI_DIST, prefix: '/ui/', wildcard: false, index: ['index.html'] })
  // The dashboard routes on the client: any other /ui/ path gets its index page.
  app.get('/ui/*', { schema: { hide: true } }, async (_request, reply) => reply.sendFile('index.html'))
  app.get('/ui', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/ui/'))
}
