import { readFileSync } from 'node:fs'
import type { TestDatabase } from '../../helpers/databases.ts'
import { startTestFlotilla, waitFor, type TestFlotilla } from '../../helpers/flotilla.ts'
import { playsService } from '../../../src/services/plays/index.ts'

export const SAMPLE_INPUT = readFileSync(new URL('../../../../shared/data/plays/sample-input.csv', import.meta.url))
export const SAMPLE_OUTPUT = readFileSync(new URL('../../../../shared/data/plays/sample-output.csv', import.meta.url))

export function startPlays(db: TestDatabase, env: Record<string, string> = {}): Promise<TestFlotilla> {
  return startTestFlotilla(db, env, { services: [playsService] })
}

/** A multipart/form-data body as the original's Python client (requests) sends it. */
export function multipart(content: Buffer | string, field = 'file', filename = 'songs.csv'): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----flotilla-test-boundary'
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: text/csv\r\n\r\n`),
    Buffer.from(content),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ])
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }
}

export async function uploadCsv(f: TestFlotilla, content: Buffer | string, query = ''): Promise<string> {
  const res = await f.server.inject({ method: 'POST', url: `/v1/data_processor/upload${query}`, headers: { 'content-type': 'text/csv; charset=utf-8' }, payload: content })
  if (res.statusCode !== 202) throw new Error(`upload answered ${res.statusCode}: ${res.body}`)
  return res.json<{ task_id: string }>().task_id
}

export interface StatusBody {
  status: string
  progress?: number
  error?: string
  download_link?: string
}

/** Polls the status endpoint until the task is in one of `statuses`. */
export function waitForStatus(f: TestFlotilla, id: string, statuses = ['DONE', 'FAILED', 'CANCELLED'], timeoutMs = 30_000): Promise<StatusBody> {
  return waitFor(
    async () => {
      const body = (await f.server.inject({ url: `/v1/tasks/status/${id}` })).json<StatusBody>()
      return statuses.includes(body.status) ? body : undefined
    },
    timeoutMs,
    `task ${id} to reach ${statuses.join('/')}`,
  )
}

export async function download(f: TestFlotilla, id: string): Promise<Buffer> {
  const res = await f.server.inject({ url: `/v1/data_processor/download/${id}` })
  if (res.statusCode !== 200) throw new Error(`download answered ${res.statusCode}: ${res.body}`)
  return res.rawPayload
}
