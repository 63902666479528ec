import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import { Worker } from 'node:worker_threads'

/** The nice value of the calling thread, from /proc (field 19 of its stat). */
function niceOfThisThread(): number {
  const stat = readFileSync('/proc/thread-self/stat', 'utf8')
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16])
}

test('lowerThreadPriority lowers the calling worker thread only, not the event loop', { skip: process.platform !== 'linux' && 'nice values per thread are Linux' }, async () => {
  const before = niceOfThisThread()
  const worker = new Worker(new URL('../fixtures/thread-priority-worker.js', import.meta.url))
  const reply = await new Promise<{ lowered: boolean; nice: number }>((resolve, reject) => worker.once('message', resolve).once('error', reject))
  await worker.terminate()
  assert.deepEqual(reply, { lowered: true, nice: Math.min(19, before + 7) })
  assert.equal(niceOfThisThread(), before, 'the main thread keeps its priority')
})
