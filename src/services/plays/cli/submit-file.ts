import { createReadStream, createWriteStream } from 'node:fs'
import { rename, rm, stat } from 'node:fs/promises'
import path from 'node:path'
import { Readable, Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { setTimeout as sleep } from 'node:timers/promises'
import { ProgressBar } from './progress-bar.ts'

export interface SubmitOptions {
  file: string
  output?: string | undefined
  url: string
  onError: 'fail' | 'skip'
  token?: string | undefined
  pollMs?: number
}

function headers(token: string | undefined, extra: Record<string, string> = {}): Record<string, string> {
  return token ? { ...extra, authorization: `Bearer ${token}` } : extra
}

async function failure(response: Response, what: string): Promise<Error> {
  const body = (await response.json().catch(() => ({}))) as { error?: unknown }
  const message = typeof body.error === 'string' ? body.error : ((body.error as { message?: string } | undefined)?.message ?? response.statusText)
  return new Error(`${what}: HTTP ${response.status}: ${message}`)
}

/** Counts the bytes passing through, for a progress bar. */
function counter(onBytes: (total: number) => void): Transform {
  let total = 0
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      total += chunk.length
      onBytes(total)
      done(null, chunk)
    },
  })
}

/**
 * `flotilla plays submit`: uploads the file to a running Flotilla (streamed, as a text/csv
 * body), follows the task's progress, downloads the result. Ctrl-C cancels the task.
 */
export async function submitFile(options: SubmitOptions): Promise<string> {
  const base = options.url.replace(/\/+$/, '')
  const size = (await stat(options.file)).size
  const name = path.basename(options.file)

  const upload = new ProgressBar('uploading', size)
  const body = createReadStream(options.file).pipe(counter((n) => upload.update(n)))
  const query = new URLSearchParams({ on_error: options.onError, filename: name })
  const posted = await fetch(`${base}/v1/data_processor/upload?${query}`, {
    method: 'POST',
    headers: headers(options.token, { 'content-type': 'text/csv', 'content-length': String(size) }),
    body: Readable.toWeb(body) as ReadableStream,
    duplex: 'half',
  } as RequestInit)
  if (posted.status !== 202) throw await failure(posted, 'upload failed')
  const { task_id: id } = (await posted.json()) as { task_id: string }
  upload.done(`task ${id}`)

  const cancel = (): void => {
    void fetch(`${base}/v1/tasks/${id}`, { method: 'DELETE', headers: headers(options.token) }).finally(() => process.exit(130))
  }
  process.once('SIGINT', cancel)
  const processing = new ProgressBar('processing', 100, 'percent')
  try {
    for (;;) {
      const res = await fetch(`${base}/v1/tasks/status/${id}`)
      if (!res.ok) throw await failure(res, 'status failed')
      const status = (await res.json()) as { status: string; progress?: number; error?: string }
      if (status.status === 'DONE') break
      if (status.status === 'FAILED') throw new Error(`the task failed: ${status.error ?? 'no reason given'}`)
      if (status.status === 'CANCELLED') throw new Error('the task was cancelled')
      processing.update(status.progress ?? 0)
      await sleep(options.pollMs ?? 300)
    }
  } finally {
    process.removeListener('SIGINT', cancel)
  }
  processing.done()

  const target = options.output ?? path.join(path.dirname(options.file), `${name.replace(/\.csv$/i, '')}_processed.csv`)
  const res = await fetch(`${base}/v1/data_processor/download/${id}`, { headers: headers(options.token) })
  if (!res.ok || !res.body) throw await failure(res, 'download failed')
  const download = new ProgressBar('downloading', Number(res.headers.get('content-length') ?? 0))
  const part = `${target}.part`
  try {
    await pipeline(Readable.fromWeb(res.body as never), counter((n) => download.update(n)), createWriteStream(part))
    await rename(part, target)
  } catch (error) {
    await rm(part, { force: true })
    throw error
  }
  download.done()
  return target
}
