import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { test } from 'node:test'
import { Command } from 'commander'
import type { Kysely } from 'kysely'
import pino from 'pino'
import { systemClock } from '../../../src/kit/clock.ts'
import { runMigrations } from '../../../src/kit/runtime.ts'
import { CheckEngine } from '../../../src/services/monitor/engine/check-engine.ts'
import { EngineHost } from '../../../src/services/monitor/engine/engine-host.ts'
import { ResultWriter } from '../../../src/services/monitor/engine/result-writer.ts'
import { monitorService } from '../../../src/services/monitor/index.ts'
import type { MonitorTables } from '../../../src/services/monitor/repository/tables.ts'
import { countWebsites } from '../../../src/services/monitor/repository/websites.ts'
import { eachDialect } from '../../helpers/databases.ts'

const log = pino({ level: 'silent' })

test('flotilla monitor import FILE adds and updates websites from CSV or JSON', async (t) => {
  await eachDialect(t, async (db) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'monitor-cli-'))
    const output: string[] = []
    const print = console.log
    console.log = (line: string) => output.push(line)
    try {
      const program = new Command('flotilla').exitOverride()
      monitorService.cli!(program.command('monitor'), {
        async open() {
          await runMigrations(db.database, [monitorService])
          return { database: db.database, config: {}, clock: systemClock, close: async () => {} }
        },
      })
      const csv = path.join(dir, 'sites.csv')
      writeFileSync(csv, 'website_url,monitoring_interval,regex\nhttps://a.test/,10,\nhttps://b.test/,20,"\\d+"\n')
      await program.parseAsync(['monitor', 'import', csv], { from: 'user' })
      const json = path.join(dir, 'sites.json')
      writeFileSync(json, JSON.stringify([{ url: 'https://b.test/', intervalSeconds: 30 }, { url: 'https://c.test/', intervalSeconds: 40 }]))
      await program.parseAsync(['monitor', 'import', json], { from: 'user' })
      assert.deepEqual(output, [`imported 2 websites from ${csv}: 2 added, 0 updated`, `imported 2 websites from ${json}: 1 added, 1 updated`])

      writeFileSync(json, JSON.stringify([{ url: 'https://d.test/', intervalSeconds: 40 }, { url: 'not a url', intervalSeconds: 40 }]))
      await assert.rejects(program.parseAsync(['monitor', 'import', json], { from: 'user' }), /websites\[1\]: url must be an absolute http\(s\) URL/)
      assert.equal(await countWebsites(db.database.db as Kysely<MonitorTables>, db.dialect, {}), 3)
    } finally {
      console.log = print
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

test('engines in several processes share the websites out: each checked by exactly one', async (t) => {
  await eachDialect(t, async (db) => {
    await runMigrations(db.database, [monitorService])
    const kdb = db.database.db as Kysely<MonitorTables>
    await kdb
      .insertInto('monitor_website')
      .values(Array.from({ length: 300 }, (_, i) => ({ url: `https://site-${i}.test/`, interval_seconds: 60, regex_must_match: 0, paused: i === 0 ? 1 : 0, state: 'unknown', created_at: 0, updated_at: 0 })))
      .execute()
    const hosts = [0, 1, 2].map(() => {
      const engine = new CheckEngine({ clock: systemClock, log, concurrency: 1, timeoutMs: 1000, failureThreshold: 3, sink: { check() {}, change() {} }, check: () => new Promise(() => {}) })
      const writer = new ResultWriter({ persist: async () => {}, log })
      return { engine, host: new EngineHost({ db: kdb, engine, writer, clock: systemClock, log }) }
    })
    // Each heartbeats; a second pass sees all three and shares out.
    for (const { host } of hosts) await host.sync()
    for (const { host } of hosts) await host.sync()
    const owned = hosts.map(({ engine }) => engine.ids())
    const all = owned.flat()
    assert.equal(new Set(all).size, all.length, 'no website is checked twice')
    assert.equal(all.length, 299, 'every active website is checked (the paused one is not)')
    for (const ids of owned) assert.ok(ids.length > 50, `a fair share: ${owned.map((o) => o.length).join(', ')}`)
  })
})
