import multipart from '@fastify/multipart'
import type { Readable } from 'node:stream'
import Type from 'typebox'
import type { Server } from '../../kit/http/create-server.ts'
import { originalErrorHandler } from './original-errors.ts'
import { ErrorReply } from './task-replies.ts'
import type { OnError, Task } from './task.ts'
import type { PlaysTasks } from './tasks.ts'

const OnErrorSchema = Type.Union([Type.Literal('fail'), Type.Literal('skip')], { description: 'skip: leave bad rows out and report them; fail (default): the first bad row fails the task' })

/** `POST /v1/data_processor/upload`: multipart field `file` (the original's client) or a raw text/csv body. */
export function uploadRoutes(tasks: PlaysTasks) {
  return async function routes(app: Server): Promise<void> {
    app.setErrorHandler(originalErrorHandler)
    await app.register(multipart, { limits: { fileSize: Number.POSITIVE_INFINITY, files: 1, fields: 10 } })
    // The body stays a stream: the route writes it to storage as it arrives.
    app.addContentTypeParser(['text/csv', 'application/csv', 'application/octet-stream'], (_request, payload, done) => done(null, payload))

    app.post(
      '/v1/data_processor/upload',
      {
        schema: {
          tags: ['plays'],
          summary: 'Upload a Song,Date,Number of Plays CSV (multipart field "file", or a text/csv body); starts a task',
          querystring: Type.Object({ on_error: Type.Optional(OnErrorSchema), filename: Type.Optional(Type.String({ maxLength: 255, description: 'name of a raw-body upload' })) }),
          response: { 202: Type.Object({ task_id: Type.String() }), 400: ErrorReply, 507: ErrorReply },
        },
      },
      async (request, reply) => {
        let onError: OnError = request.query.on_error ?? 'fail'
        let task: Task | undefined
        let problem: string | undefined
        if (request.isMultipart()) {
          try {
            for await (const part of request.parts()) {
              if (part.type === 'field') {
                if (part.fieldname === 'on_error' && (part.value === 'skip' || part.value === 'fail')) onError = part.value
                continue
              }
              if (part.fieldname !== 'file' || task) {
                part.file.resume()
                continue
              }
              if (part.filename === '') {
                problem = 'No selected file'
                part.file.resume()
                continue
              }
              task = await tasks.submit(part.file, part.filename, onError)
            }
          } catch (error) {
            if (!malformedMultipart(error)) throw error
            // A file already taken whole stands; a part cut short is no upload.
            if (!task) return reply.code(400).send({ error: 'the multipart body is malformed or cut short' })
          }
        } else if (isStream(request.body)) {
          task = await tasks.submit(request.body, request.query.filename ?? 'upload.csv', onError)
        }
        if (!task) return reply.code(400).send({ error: problem ?? 'No file part in the request' })
        return reply.code(202).send({ task_id: task.id })
      },
    )
  }
}

/** busboy's parse errors (no status of their own): the client's body, not our fault. */
const MULTIPART_ERRORS = /^(Unexpected end of (multipart data|form)|Malformed part header|Multipart: Boundary not found)/

function malformedMultipart(error: unknown): boolean {
  return error instanceof Error && (error as { statusCode?: unknown }).statusCode === undefined && MULTIPART_ERRORS.test(error.message)
}

function isStream(body: unknown): body is Readable {
  return typeof (body as Readable | undefined)?.pipe === 'function'
}
