import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { test } from 'node:test'
import { submitFile } from '../../../src/services/plays/cli/submit-file.ts'
import { eachDialect } from '../../helpers/databases.ts'
import { SAMPLE_INPUT, SAMPLE_OUTPUT, startPlays } from './helpers.ts'

test('flotilla plays submit: uploads, waits, writes the result next to the input or to -o', async (t) => {
  await eachDialect(t, async (db) => {
    const f = await startPlays(db)
    const dir = mkdtempSync(path.join(os.tmpdir(), 'plays-cli-'))
    try {
      const url = await f.server.listen({ host: '127.0.0.1', port: 0 })
      const input = path.join(dir, 'songs.csv')
      writeFileSync(input, SAMPLE_INPUT)
      const written = await submitFile({ file: input, url, onError: 'fail', pollMs: 20 })
      assert.equal(written, path.join(dir, 'songs_processed.csv'))
      assert.deepEqual(readFileSync(written), SAMPLE_OUTPUT)

      const chosen = path.join(dir, 'elsewhere.csv')
      assert.equal(await submitFile({ file: input, output: chosen, url, onError: 'fail', pollMs: 20 }), chosen)
      assert.deepEqual(readFileSync(chosen), SAMPLE_OUTPUT)

      writeFileSync(input, 'Song,Date,Number of Plays\nA,2020-01-01,lots\n')
      await assert.rejects(submitFile({ file: input, url, onError: 'fail', pollMs: 20 }), /the task failed: line 2: Number of Plays must be a whole number/)
    } finally {
      await f.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
