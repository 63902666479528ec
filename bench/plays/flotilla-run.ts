import { createReadStream, createWriteStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import http from 'node:http'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { setTimeout as sleep } from 'node:timers/promises'
import { freePort, startProcess, stopProcess } from '../lib/processes.ts'
import { memoryKb } from '../lib/processes.ts'
import { percentile } from './measure.ts'

export interface FlotillaRun {
  uploadMbps: number
  /** The process's resident memory once started, before any upload: what the peak includes besides the task. */
  idleMb: number
  seconds: number
  peakMb: number
  healthP50Ms: number
  healthP99Ms: number
  healthMaxMs: number
  spills: number
}

/**
 * One task on a fresh Flotilla process: the file uploaded over HTTP (streamed), the task
 * followed to DONE while /healthz is asked every 20 ms, the result downloaded to `output`.
 * The time is the task's own (started → finished); the peak is the process's VmHWM.
 */
export async function runFlotilla(input: string, output: string, dataDir: string, memoryMb: number): Promise<FlotillaRun> {
  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  const env = { PORT: String(port), FLOTILLA_DATA_DIR: dataDir, LOG_LEVEL: 'warn', PLAYS_MEMORY_MB: String(memoryMb) }
  const child = await startProcess(['--import', 'tsx', 'bench/plays/serve-plays.ts'], env, `${base}/readyz`)
  try {
    const idleMb = memoryKb(child.pid!, 'VmRSS') / 1024
    const size = (await stat(input)).size
    const uploadStarted = performance.now()
    const res = await fetch(`${base}/v1/data_processor/upload`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', 'content-length': String(size) },
      body: Readable.toWeb(createReadStream(input)) as ReadableStream,
      duplex: 'half',
    } as RequestInit)
    if (res.status !== 202) throw new Error(`upload answered ${res.status}: ${await res.text()}`)
    const uploadSeconds = (performance.now() - uploadStarted) / 1000
    const { task_id: id } = (await res.json()) as { task_id: string }

    const health: number[] = []
    let done = false
    const probe = (async () => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
      while (!done) {
        const t = performance.now()
        await healthz(base, agent)
        health.push(performance.now() - t)
        await sleep(20)
      }
      agent.destroy()
    })()
    let task: { status: string; error: string | null; started_at: string; finished_at: string; spills: number }
    for (;;) {
      task = (await (await fetch(`${base}/v1/tasks/${id}`)).json()) as typeof task
      if (task.status !== 'RECEIVED' && task.status !== 'PROCESSING') break
      await sleep(200)
    }
    done = true
    await probe
    if (task.status !== 'DONE') throw new Error(`the task ended ${task.status}: ${task.error}`)
    const peakMb = memoryKb(child.pid!, 'VmHWM') / 1024
    const download = await fetch(`${base}/v1/data_processor/download/${id}`)
    await pipeline(Readable.fromWeb(download.body as never), createWriteStream(output))
    health.sort((a, b) => a - b)
    return {
      uploadMbps: size / 1e6 / uploadSeconds,
      idleMb,
      seconds: (Date.parse(task.finished_at) - Date.parse(task.started_at)) / 1000,
      peakMb,
      healthP50Ms: percentile(health, 50),
      healthP99Ms: percentile(health, 99),
      healthMaxMs: health[health.length - 1] ?? Number.NaN,
      spills: task.spills,
    }
  } finally {
    await stopProcess(child)
  }
}

/**
 * One GET /healthz on a kept-alive connection. node:http, not fetch: with fetch a probe
 * cost 0.54 ms of the bench's CPU and 0.27 of the server's, against 0.23 and 0.18 (2,000
 * probes each, idle server), and the probe competes with the task it watches for the two
 * cores: the many-keys task took 8.8–9.1 s watched by fetch, 7.5–8.2 s by node:http,
 * 7.8–8.2 s not watched at all.
 */
function healthz(base: string, agent: http.Agent): Promise<void> {
  return new Promise((resolve, reject) => {
    http
      .get(`${base}/healthz`, { agent }, (res) => {
        if (res.statusCode !== 200) reject(new Error(`/healthz answered ${res.statusCode}`))
        res.resume().on('end', resolve).on('error', reject)
      })
      .on('error', reject)
  })
}
