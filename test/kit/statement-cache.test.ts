import assert from 'node:assert/strict'
import { test } from 'node:test'
import SQLite from 'better-sqlite3'
import { withStatementCache } from '../../src/kit/db/statement-cache.ts'

function counted(): { sqlite: SQLite.Database; prepared: () => number } {
  const sqlite = new SQLite(':memory:')
  sqlite.exec("create table t (id integer primary key, v text); insert into t values (1, 'a'), (2, 'b'), (3, 'c')")
  let n = 0
  const prepare = sqlite.prepare.bind(sqlite)
  sqlite.prepare = ((sql: string) => {
    n += 1
    return prepare(sql)
  })
  return { sqlite, prepared: () => n }
}

test('a statement is prepared once per SQL text and reused', () => {
  const { sqlite, prepared } = counted()
  const db = withStatementCache(sqlite)
  for (let i = 1; i <= 3; i++) assert.deepEqual(db.prepare('select v from t where id = ?').all([i]), [{ v: 'abc'[i - 1] }])
  db.prepare('update t set v = ? where id = ?').run(['z', 1])
  assert.deepEqual(db.prepare('select v from t where id = ?').all([1]), [{ v: 'z' }])
  assert.equal(prepared(), 2)
  db.close()
})

test('a statement still iterating is not handed out again', () => {
  const { sqlite, prepared } = counted()
  const db = withStatementCache(sqlite)
  const seen: unknown[] = []
  for (const row of db.prepare('select id from t order by id').iterate([])) {
    // The same query, run while the first one is still being read.
    seen.push(row, db.prepare('select id from t order by id').all([]).length)
  }
  assert.deepEqual(seen, [{ id: 1 }, 3, { id: 2 }, 3, { id: 3 }, 3])
  assert.equal(prepared(), 2)
  db.close()
})

test('past its capacity, the least recently used statement is dropped', () => {
  const { sqlite, prepared } = counted()
  const db = withStatementCache(sqlite, 2)
  const q = (n: number) => db.prepare(`select ${n} as n`).all([])
  q(1)
  q(2)
  q(1) // 1 is now the most recent
  q(3) // drops 2
  q(1)
  assert.equal(prepared(), 3)
  q(2)
  assert.equal(prepared(), 4)
  db.close()
})
