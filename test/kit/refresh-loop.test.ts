import assert from 'node:assert/strict'
import { mock, test } from 'node:test'
import { RefreshLoop } from '../../src/kit/refresh-loop.ts'

/** Lets every pending promise callback run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve))

test('passes run one after another: a pass asked for while one runs starts when it ends', async () => {
  const log: string[] = []
  let release!: () => void
  let n = 0
  const loop = new RefreshLoop({
    intervalMs: 60_000,
    onError: () => assert.fail('no pass fails'),
    pass: async () => {
      const i = ++n
      log.push(`start ${i}`)
      if (i === 1) await new Promise<void>((resolve) => (release = resolve))
      log.push(`end ${i}`)
    },
  })
  const first = loop.run()
  const second = loop.run()
  await settle()
  assert.deepEqual(log, ['start 1'])
  release()
  await Promise.all([first, second])
  assert.deepEqual(log, ['start 1', 'end 1', 'start 2', 'end 2'])
})

test('a failed pass is recorded and reported, never thrown; the next success clears it', async () => {
  const errors: unknown[] = []
  let fail = true
  const loop = new RefreshLoop({
    intervalMs: 60_000,
    onError: (error) => errors.push(error),
    pass: async () => {
      if (fail) throw new Error('database gone')
    },
  })
  await loop.run()
  assert.equal(loop.lastError, 'database gone')
  assert.equal((errors[0] as Error).message, 'database gone')
  fail = false
  await loop.run()
  assert.equal(loop.lastError, null)
  assert.equal(errors.length, 1)
})

test('started, it runs every interval, after a failure within 5 s, and not after stop', async (t) => {
  mock.timers.enable({ apis: ['setTimeout'] })
  t.after(() => mock.timers.reset())
  let passes = 0
  let fail = false
  const loop = new RefreshLoop({
    intervalMs: 30_000,
    onError: () => {},
    pass: async () => {
      passes++
      if (fail) throw new Error('down')
    },
  })
  loop.start()
  mock.timers.tick(29_999)
  await settle()
  assert.equal(passes, 0)
  mock.timers.tick(1)
  await settle()
  assert.equal(passes, 1, 'the first pass, one interval after start')
  fail = true
  mock.timers.tick(30_000)
  await settle()
  assert.equal(passes, 2)
  assert.equal(loop.lastError, 'down')
  mock.timers.tick(5_000)
  await settle()
  assert.equal(passes, 3, 'a failed pass is retried after 5 s, not a whole interval')
  await loop.stop()
  mock.timers.tick(60_000)
  await settle()
  assert.equal(passes, 3, 'no pass after stop')
})
