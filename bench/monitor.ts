// `npm run bench -- monitor`: N websites (BENCH_MONITOR_SITES, default 1000,10000) checked
// every 5 s against a local target server for BENCH_SECONDS (default 30) after one
// interval of warm-up (BENCH_MONITOR_WARMUP_S): flotilla's engine, then the naive baseline (one setInterval +
// fetch + INSERT per website), each in its own process, in the same run.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { RunReport } from './monitor/measure.ts'
import { freePort, startProcess, stopProcess } from './lib/processes.ts'
import { printTable, type Row } from './lib/report.ts'

const SITES = (process.env.BENCH_MONITOR_SITES ?? '1000,10000').split(',').map(Number)
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30)
const INTERVAL = 5
const ORIGINS = 50
const WARMUP = Number(process.env.BENCH_MONITOR_WARMUP_S ?? INTERVAL + 1)

async function runEngine(engine: string, websites: number, ports: number[]): Promise<RunReport> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `flotilla-bench-monitor-${engine}-`))
  try {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/monitor/engine-run.ts'], {
      env: { ...process.env, ENGINE: engine, WEBSITES: String(websites), SECONDS: String(SECONDS), INTERVAL: String(INTERVAL), PORTS: ports.join(','), DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
    if (code !== 0) throw new Error(`the ${engine} engine run exited with ${code}`)
    return JSON.parse(out.trim().split('\n').pop()!) as RunReport
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
}

function row(name: string, r: RunReport): Row {
  const scheduled = (r.websites / INTERVAL) * r.seconds
  return {
    name,
    figures: {
      'scheduled/s': r.websites / INTERVAL,
      'checks/s': r.checks / r.seconds,
      // Includes the checks due in the window's last few ms that started just after it.
      'missed %': Math.max(0, ((scheduled - r.checks) / scheduled) * 100),
      'given up': r.skipped ?? Number.NaN,
      'lag p50 ms': r.lagP50,
      'lag p99 ms': r.lagP99,
      'lag max ms': r.lagMax,
      'check p50 ms': r.checkP50,
      'check p99 ms': r.checkP99,
      'CPU %': r.cpuPercent,
      'RSS MB': r.rssMb,
      'bytes/check': r.bytesPerCheck,
    },
  }
}

export async function benchMonitor(): Promise<void> {
  const ports: number[] = []
  for (let i = 0; i < ORIGINS; i++) ports.push(await freePort())
  const target = await startProcess(['--import', 'tsx', 'bench/monitor/target-server.ts'], { PORTS: ports.join(',') }, `http://127.0.0.1:${ports[0]}/`)
  try {
    for (const websites of SITES) {
      const flotilla = await runEngine('flotilla', websites, ports)
      const naive = await runEngine('naive', websites, ports)
      printTable(
        `monitor: ${websites.toLocaleString('en-US')} websites every ${INTERVAL} s on ${ORIGINS} local origins, ${SECONDS} s measured after ${WARMUP} s of warm-up; engine in its own process (CPU % of one core; the target server runs beside it), SQLite`,
        [row('flotilla engine', flotilla), row('naive setInterval+fetch+INSERT', naive)],
        'naive setInterval+fetch+INSERT',
        ['checks/s', 'lag p99 ms', 'CPU %'],
      )
    }
  } finally {
    await stopProcess(target)
  }
}
