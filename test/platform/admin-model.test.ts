import assert from 'node:assert/strict'
import { test } from 'node:test'
import Type from 'typebox'
import { checkAdminModel, type AdminModel, type AdminRow } from '../../src/kit/admin/admin-model.ts'
import { defineService } from '../../src/kit/service.ts'
import { createTestDatabase } from '../helpers/databases.ts'
import { startTestFlotilla } from '../helpers/flotilla.ts'

/** A service whose model keeps rows in memory, to exercise the admin's routes apart from any service's storage. */
function notesService(calls: string[]) {
  const rows = new Map<string, AdminRow>([['a', { slug: 'a', text: 'first' }]])
  const model: AdminModel = {
    name: 'notes',
    label: 'Notes',
    table: 'notes',
    key: 'slug',
    columns: [
      { name: 'slug', type: 'string' },
      { name: 'text', type: 'string', editable: true },
    ],
    schema: Type.Object({ slug: Type.String({ pattern: '^[a-z]+$' }), text: Type.String({ maxLength: 20 }) }),
    list: async (query) => {
      const all = [...rows.values()].filter((r) => !query.filter || String(r[query.filter.column]).includes(String(query.filter.value)))
      return { rows: all.slice(query.offset, query.offset + query.limit), total: all.length }
    },
    get: async (key) => rows.get(String(key)),
    create: async (row) => (calls.push(`create ${String(row.slug)}`), rows.set(String(row.slug), row), row),
    update: async (key, changes) => {
      calls.push(`update ${key}`)
      const row = { ...rows.get(String(key)), ...changes }
      rows.set(String(key), row)
      return row
    },
    delete: async (key) => void (calls.push(`delete ${key}`), rows.delete(String(key))),
  }
  return defineService({ name: 'notes', description: 'notes', create: () => ({ admin: [model] }) })
}

test('every operation goes through the model\u2019s functions; delete when a model offers it', async () => {
  const db = await createTestDatabase('sqlite')
  const calls: string[] = []
  const f = await startTestFlotilla(db, {}, { services: [notesService(calls)] })
  try {
    const { server } = f
    assert.equal((await server.inject({ method: 'POST', url: '/api/admin/notes/notes', payload: { slug: 'B2', text: 'x' } })).statusCode, 400)
    assert.equal((await server.inject({ method: 'POST', url: '/api/admin/notes/notes', payload: { slug: 'b', text: 'second' } })).statusCode, 201)
    assert.equal((await server.inject({ method: 'PATCH', url: '/api/admin/notes/notes/b', payload: { text: 'changed' } })).json().text, 'changed')
    const filtered = (await server.inject({ url: '/api/admin/notes/notes?filterColumn=text&filterValue=chan' })).json()
    assert.deepEqual(filtered.rows, [{ slug: 'b', text: 'changed' }])
    assert.equal((await server.inject({ method: 'DELETE', url: '/api/admin/notes/notes/a' })).statusCode, 204)
    assert.equal((await server.inject({ method: 'DELETE', url: '/api/admin/notes/notes/a' })).statusCode, 404)
    assert.equal((await server.inject({ url: '/api/admin/notes/notes/a' })).statusCode, 404)
    assert.deepEqual(calls, ['create b', 'update b', 'delete a'])
  } finally {
    await f.close()
    await db.cleanup()
  }
})

test('a model that contradicts itself stops the start', () => {
  const base: AdminModel = {
    name: 'things',
    label: 'Things',
    table: 'things',
    key: 'id',
    columns: [{ name: 'id', type: 'integer' }, { name: 'size', type: 'number', editable: true }],
    schema: Type.Object({ id: Type.Integer(), size: Type.Number() }),
    list: async () => ({ rows: [], total: 0 }),
    get: async () => undefined,
  }
  assert.doesNotThrow(() => checkAdminModel('svc', base))
  assert.throws(() => checkAdminModel('svc', { ...base, key: 'nope' }), /svc\/things: key nope is not a column/)
  assert.throws(() => checkAdminModel('svc', { ...base, schema: Type.Object({ id: Type.Integer() }) }), /editable column size is not in the schema/)
  assert.throws(() => checkAdminModel('svc', { ...base, columns: [{ name: 'id', type: 'integer', editable: true }] }), /key cannot be editable/)
})
