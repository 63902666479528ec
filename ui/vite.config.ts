import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'

/** The dashboard: built into ui/dist and served by Flotilla under /ui/. */
const root = fileURLToPath(new URL('.', import.meta.url))
const backend = process.env.FLOTILLA_URL ?? 'http://127.0.0.1:8080'

export default defineConfig({
  root,
  base: '/ui/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  // `npx vite --config ui/vite.config.ts` serves the dashboard against a running Flotilla.
  server: {
    // Every backend path the pages call: the kit's, and each service's original interface.
    proxy: Object.fromEntries(
      ['/api', '/predict', '/stats', '/search', '/v1', '/fastapi', '/hotels', '/website', '/websites', '/monitoring', '/metrics', '/docs', '/openapi.json', '/healthz', '/readyz'].map((path) => [
        path,
        { target: backend, ws: path === '/fastapi' },
      ]),
    ),
  },
})
