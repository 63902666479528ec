import { spawn } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { memoryKb } from '../lib/processes.ts'

function descendants(root: number): number[] {
  const parents = new Map<number, number>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]))
    } catch {
      // gone meanwhile
    }
  }
  const out = [root]
  for (let i = 0; i < out.length; i++) for (const [pid, parent] of parents) if (parent === out[i]) out.push(pid)
  return out
}

export interface CommandRun {
  seconds: number
  peakMb: number
  stdout: string
}

/**
 * Runs a command to its end, sampling the resident memory of its whole process tree
 * (a pipeline is several processes) every 50 ms; the peak is the largest sum seen.
 */
export async function runMeasured(command: string, args: string[], env: Record<string, string> = {}): Promise<CommandRun> {
  const started = performance.now()
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] })
  let stdout = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  let peakKb = 0
  const timer = setInterval(() => {
    const pids = descendants(child.pid!)
    const total = pids.length === 1 ? memoryKb(child.pid!, 'VmHWM') : pids.reduce((n, pid) => n + memoryKb(pid, 'VmRSS'), 0)
    peakKb = Math.max(peakKb, total)
  }, 50)
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
  clearInterval(timer)
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${code}`)
  return { seconds: (performance.now() - started) / 1000, peakMb: peakKb / 1024, stdout }
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}
