import assert from 'node:assert/strict'
import { test } from 'node:test'
import { EstimateTable } from '../../../src/services/ctr/estimate-table.ts'

test('agrees with a Map over random inserts, overwrites and misses, through growth', () => {
  const table = new EstimateTable(4)
  const reference = new Map<number, number>()
  let seed = 42
  const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32)
  for (let i = 0; i < 50_000; i++) {
    // Ids from a small range (overwrites), large ones (above 2^32) and zero.
    const id = i % 3 === 0 ? Math.floor(random() * 1000) : i % 3 === 1 ? Math.floor(random() * 2 ** 52) : 0
    const value = random()
    table.set(id, value)
    reference.set(id, value)
  }
  assert.equal(table.size, reference.size)
  for (const [id, value] of reference) assert.equal(table.get(id), value)
  for (const missing of [1001, 2 ** 53 - 1, 123456789]) if (!reference.has(missing)) assert.equal(table.get(missing), -1)
})

test('an unknown id is -1, a stored 0 is 0', () => {
  const table = new EstimateTable()
  table.set(7, 0)
  assert.equal(table.get(7), 0)
  assert.equal(table.get(8), -1)
})

test('deletes agree with a Map: lookups after a delete still find the ids that probed past it', () => {
  // A small table over few ids: long probe runs that wrap around the end.
  const table = new EstimateTable(4)
  const reference = new Map<number, number>()
  let seed = 7
  const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32)
  for (let i = 0; i < 100_000; i++) {
    const id = i % 2 === 0 ? Math.floor(random() * 300) : Math.floor(random() * 2 ** 52) % 600
    if (random() < 0.45) {
      assert.equal(table.delete(id), reference.delete(id))
    } else {
      const value = random()
      table.set(id, value)
      reference.set(id, value)
    }
    if (i % 1000 === 0) for (const [known, value] of reference) assert.equal(table.get(known), value)
  }
  assert.equal(table.size, reference.size)
  for (let id = 0; id < 600; id++) assert.equal(table.get(id), reference.get(id) ?? -1)
  assert.equal(table.delete(1_000_000), false)
})
