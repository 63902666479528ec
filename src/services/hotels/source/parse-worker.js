// @ts-check
// The module piscina loads in each parse thread. Plain JavaScript, because on Node 20 a
// thread does not get the main thread's TypeScript loader: neither `node --import tsx`
// (the hooks stay on the main thread although execArgv carries the flag) nor
// bin/flotilla.js (which registers tsx through its API). So the thread registers it.
import { setPriority } from 'node:os'
import { register } from 'tsx/esm/api'

// Parsing yields the CPU to the event loop: on Linux a priority belongs to a thread, and
// pid 0 names the calling one, so this lowers this parse thread alone. Where the cores are
// busy, the API then answers first and pages wait (bench/hotels measures both).
try {
  setPriority(0, 10)
} catch {
  // Not permitted here (some containers): parse at normal priority.
}

register()
const { default: parsePage } = await import('./parse-task.ts')

export default parsePage
