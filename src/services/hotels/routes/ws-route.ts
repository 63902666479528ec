import type {} from '@fastify/websocket'
import type { Server } from '../../../kit/http/create-server.ts'
import type { ProgressHub } from '../scrape/progress-hub.ts'

/**
 * `/fastapi/ws`: search progress pushed as it happens.
 *
 * - A client that sends nothing gets what the original pushed: `{"tasks": {"<job id>":
 *   {"overview": {"master_task_status", "child_tasks_statuses": {PENDING, SUCCESS, FAILURE,
 *   TOTAL}}, "progress", "results" (once complete)}}}` for every search running while it
 *   is connected, so the original page works unchanged.
 * - A client that sends `{"subscribe": <job id>}` (or `{"unsubscribe": …}`) follows just
 *   those searches (at most 20): `{"type": "progress", "job": {…summary}, "results": [new
 *   hotels], "failures": [new failures]}` at once and on every change, the last one when
 *   the search ends. Mistakes answer `{"type": "error", "message"}`.
 * - A client message is at most 1 KiB (a larger one closes the socket, 1009) and at most
 *   60 a minute (more closes it, 1008).
 */
export function wsRoute(hub: ProgressHub) {
  return async function routes(app: Server): Promise<void> {
    app.get('/fastapi/ws', { websocket: true, schema: { tags: ['hotels'], summary: 'Websocket: search progress, pushed (see the route description in the source)' } }, (socket) => {
      const session = hub.connect({
        send: (text) => socket.send(text),
        close: (code, reason) => socket.close(code, reason),
        get bufferedAmount() {
          return socket.bufferedAmount
        },
      })
      if (!session) return
      socket.on('message', (data, isBinary) => {
        if (isBinary) socket.send(JSON.stringify({ type: 'error', message: 'send text frames holding JSON' }))
        else session.receive((data as Buffer).toString('utf8'))
      })
      socket.on('close', () => session.closed())
      socket.on('error', () => session.closed())
    })
  }
}
