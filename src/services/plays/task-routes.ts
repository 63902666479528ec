import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import type { Readable } from 'node:stream'
import Type from 'typebox'
import type { Server } from '../../kit/http/create-server.ts'
import { byteRange } from './byte-range.ts'
import { originalErrorHandler } from './original-errors.ts'
import { ErrorReply, StatusReply, TaskIdParams, TaskReply, statusReply, taskReply } from './task-replies.ts'
import { resultFileName } from './task.ts'
import type { PlaysTasks } from './tasks.ts'

const NOT_FOUND = { error: 'Task not found' }
const NOT_READY = { RECEIVED: 'Task processing', PROCESSING: 'Task processing', FAILED: 'Task failed', CANCELLED: 'Task cancelled' } as const

/** The original's task routes: status, download, list, get, cancel. */
export function taskRoutes(tasks: PlaysTasks) {
  return async function routes(app: Server): Promise<void> {
    app.setErrorHandler(originalErrorHandler)
    const tags = ['plays']

    app.get('/v1/tasks/status/:id', { schema: { tags, summary: 'A task\u2019s status (the original\u2019s polling endpoint)', params: TaskIdParams, response: { 200: StatusReply, 404: ErrorReply } } }, async (request, reply) => {
      const task = await tasks.get(request.params.id)
      return task ? statusReply(task) : reply.code(404).send(NOT_FOUND)
    })

    app.get(
      '/v1/tasks',
      {
        schema: {
          tags,
          summary: 'Tasks, newest first',
          querystring: Type.Object({ page: Type.Integer({ minimum: 1, maximum: 1e12, default: 1 }), page_size: Type.Integer({ minimum: 1, maximum: 500, default: 50 }) }),
          response: { 200: Type.Object({ tasks: Type.Array(TaskReply), page: Type.Integer(), page_size: Type.Integer(), total: Type.Integer() }) },
        },
      },
      async (request) => {
        const { page, page_size } = request.query
        const { tasks: list, total } = await tasks.list(page, page_size)
        return { tasks: list.map(taskReply), page, page_size, total }
      },
    )

    app.get('/v1/tasks/:id', { schema: { tags, summary: 'One task with its figures', params: TaskIdParams, response: { 200: TaskReply, 404: ErrorReply } } }, async (request, reply) => {
      const task = await tasks.get(request.params.id)
      return task ? taskReply(task) : reply.code(404).send(NOT_FOUND)
    })

    app.delete(
      '/v1/tasks/:id',
      { schema: { tags, summary: 'Cancel a task: a running one stops promptly and its partial output is removed', params: TaskIdParams, response: { 200: TaskReply, 404: ErrorReply, 409: ErrorReply } } },
      async (request, reply) => {
        const outcome = await tasks.cancel(request.params.id)
        if (!outcome) return reply.code(404).send(NOT_FOUND)
        if (!outcome.cancelled) return reply.code(409).send({ error: `Task already ${outcome.task.status.toLowerCase()}` })
        return taskReply(outcome.task)
      },
    )

    app.get(
      '/v1/data_processor/download/:id',
      {
        schema: {
          tags,
          summary: 'The result CSV of a DONE task (streamed; HTTP ranges supported)',
          params: TaskIdParams,
          response: { 200: Type.Unsafe<Readable>({ type: 'string', format: 'binary' }), 206: Type.Unsafe<Readable>({ type: 'string', format: 'binary' }), 400: ErrorReply, 404: ErrorReply, 416: ErrorReply },
        },
      },
      async (request, reply) => {
        const task = await tasks.get(request.params.id)
        if (!task) return reply.code(404).send(NOT_FOUND)
        if (task.status !== 'DONE') return reply.code(400).send({ error: NOT_READY[task.status] })
        const file = tasks.storage.output(task.id)
        const size = (await stat(file).catch(() => undefined))?.size
        if (size === undefined) return reply.code(404).send({ error: 'Result file not found' })
        const range = byteRange(request.headers.range, size)
        if (range === 'unsatisfiable') return reply.code(416).header('content-range', `bytes */${size}`).send({ error: 'Range not satisfiable' })
        void reply.header('content-type', 'text/csv; charset=utf-8').header('accept-ranges', 'bytes').header('content-disposition', `attachment; filename="${resultFileName(task)}"`)
        if (!range) return reply.header('content-length', size).send(createReadStream(file))
        return reply
          .code(206)
          .header('content-range', `bytes ${range.start}-${range.end}/${size}`)
          .header('content-length', range.end - range.start + 1)
          .send(createReadStream(file, { start: range.start, end: range.end }))
      },
    )
  }
}
