// @ts-check
// The module piscina loads in each parse thread. Plain JavaScript, because on Node 20 a
// thread does not get the main thread's TypeScript loader: neither `node --import tsx`
// (the hooks stay on the main thread although execArgv carries the flag) nor
// bin/flotilla.js (which registers tsx through its API). So the thread registers it.
import { register } from 'tsx/esm/api'

register()
// Parsing yields the cores to the event loop: where they are busy, the API answers first
// and pages wait (bench/hotels measures both).
const { lowerThreadPriority } = await import('../../../kit/thread-priority.ts')
lowerThreadPriority()
const { default: parsePage } = await import('./parse-task.ts')

export default parsePage
