import Type, { type TSchema } from 'typebox'
import { checkAdminModel, type AdminColumn, type AdminModel } from '../../kit/admin/admin-model.ts'
import type { Server } from '../../kit/http/create-server.ts'
import { ConflictError, NotFoundError } from '../../kit/http/errors.ts'
import { toListQuery, type RawListQuery } from './admin-query.ts'

export interface ServiceModels {
  service: string
  models: AdminModel[]
}

const config = { access: 'admin' as const }
const security = [{ bearer: [] }]

const literals = (names: string[]) => Type.Union(names.map((name) => Type.Literal(name)))

function keySchema(column: AdminColumn): TSchema {
  return column.type === 'integer' ? Type.Integer() : column.type === 'number' || column.type === 'timestamp' ? Type.Number() : Type.String({ maxLength: 500 })
}

/** What the admin page needs to draw a model: its columns, schema and operations. */
function describe(service: string, model: AdminModel) {
  return {
    service,
    name: model.name,
    label: model.label,
    description: model.description ?? '',
    table: model.table,
    key: model.key,
    columns: model.columns.map((c) => ({ name: c.name, label: c.label ?? c.name, type: c.type, editable: c.editable ?? false })),
    schema: model.schema,
    operations: { create: model.create !== undefined, update: model.update !== undefined, delete: model.delete !== undefined },
    notes: model.notes ?? '',
  }
}

function modelRoutes(app: Server, service: string, model: AdminModel): void {
  const base = `/api/admin/${service}/${model.name}`
  const names = model.columns.map((c) => c.name)
  const key = model.columns.find((c) => c.name === model.key)!
  const tags = ['admin']
  const Params = Type.Object({ key: keySchema(key) })
  const Query = Type.Object({
    offset: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, default: 0 }),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 25 }),
    sort: Type.Optional(literals(names)),
    order: Type.Union([Type.Literal('asc'), Type.Literal('desc')], { default: 'asc' }),
    filterColumn: Type.Optional(literals(names)),
    filterOp: Type.Optional(literals(['eq', 'lt', 'gt', 'contains'])),
    filterValue: Type.Optional(Type.String({ maxLength: 500 })),
  })
  const found = async (value: string | number) => {
    const row = await model.get(value)
    if (!row) throw new NotFoundError(`${model.label}: no row with ${model.key} ${value}`)
    return row
  }

  app.get(base, { config, schema: { tags, security, summary: `List ${model.label} (filter, sort, page)`, querystring: Query } }, async (request) => {
    const raw = request.query as RawListQuery
    const page = await model.list(toListQuery(model.columns, raw))
    return { ...page, offset: raw.offset, limit: raw.limit }
  })
  app.get(`${base}/:key`, { config, schema: { tags, security, summary: `One ${model.label} row`, params: Params } }, async (request) => found(request.params.key as string | number))

  const create = model.create?.bind(model)
  if (create) {
    const Body = Type.Object(model.schema.properties, { additionalProperties: false })
    app.post(base, { config, schema: { tags, security, summary: `Create a ${model.label} row`, body: Body } }, async (request, reply) => {
      const row = request.body as Record<string, unknown>
      const id = row[model.key]
      // Creating must not overwrite: a model whose writes are upserts would otherwise replace the row.
      if ((typeof id === 'number' || typeof id === 'string') && (await model.get(id))) {
        throw new ConflictError(`${model.label}: a row with ${model.key} ${id} exists already; edit it instead`)
      }
      return reply.code(201).send(await create(row))
    })
  }
  const update = model.update?.bind(model)
  if (update) {
    const editable = Object.fromEntries(model.columns.filter((c) => c.editable).map((c) => [c.name, model.schema.properties[c.name]!]))
    const Body = Type.Partial(Type.Object(editable), { additionalProperties: false, minProperties: 1 })
    app.patch(`${base}/:key`, { config, schema: { tags, security, summary: `Change a ${model.label} row`, params: Params, body: Body } }, async (request) => {
      const id = request.params.key as string | number
      await found(id)
      return update(id, request.body)
    })
  }
  const remove = model.delete?.bind(model)
  if (remove) {
    app.delete(`${base}/:key`, { config, schema: { tags, security, summary: `Delete a ${model.label} row`, params: Params } }, async (request, reply) => {
      const id = request.params.key as string | number
      await found(id)
      await remove(id)
      return reply.code(204).send()
    })
  }
}

/** `/api/admin`: the models every service declares, each with its list and writes. */
export function registerAdmin(app: Server, services: ServiceModels[]): void {
  for (const { service, models } of services) for (const model of models) checkAdminModel(service, model)
  const all = services.flatMap(({ service, models }) => models.map((model) => describe(service, model)))
  app.get('/api/admin', { config, schema: { tags: ['admin'], security, summary: 'The admin models of every running service' } }, async () => ({ models: all }))
  for (const { service, models } of services) for (const model of models) modelRoutes(app, service, model)
}
