import type { Kysely } from 'kysely'
import Type from 'typebox'
import type { AdminModel, AdminRow } from '../../kit/admin/admin-model.ts'
import { DuplicateUidError } from './errors.ts'
import type { NewHotel, StoredHotel } from './hotel-data.ts'
import { listHotelsForAdmin } from './repository/hotels.ts'
import type { HotelsTables } from './repository/tables.ts'
import { Nullable } from './routes/schemas.ts'
import type { StoredHotels } from './stored-hotels.ts'

/** A stored hotel as the admin creates it: the service's own fields, camelCase as the admin names them. */
const HotelInput = Type.Object({
  uid: Type.Integer({ minimum: 0, description: "the site's id for the hotel; unique" }),
  cityId: Type.Integer({ minimum: 0 }),
  name: Type.String({ minLength: 1, maxLength: 500 }),
  url: Type.String({ minLength: 1, maxLength: 2000 }),
  description: Type.Optional(Nullable(Type.String({ maxLength: 20_000 }))),
  rating: Type.Optional(Nullable(Type.Number({ minimum: 0, maximum: 5 }))),
  reviews: Type.Optional(Nullable(Type.Integer({ minimum: 0 }))),
  rank: Type.Optional(Nullable(Type.Integer({ minimum: 0 }))),
  rankTotal: Type.Optional(Nullable(Type.Integer({ minimum: 0 }))),
  stars: Type.Optional(Nullable(Type.Number({ minimum: 0, maximum: 5 }))),
})

const row = (h: StoredHotel): AdminRow => ({ ...h })

/** Stored hotels in the admin, written through the service's own functions, as the DRF API writes them. */
export function hotelsAdmin(deps: { db: Kysely<HotelsTables>; stored: StoredHotels }): AdminModel {
  const { db, stored } = deps
  return {
    name: 'hotels',
    label: 'Stored hotels',
    description: 'Hotels users selected and saved; the hotels.selected consumer stores them once per uid.',
    table: 'hotels_hotel',
    key: 'id',
    columns: [
      { name: 'id', type: 'integer' },
      { name: 'uid', type: 'integer' },
      { name: 'cityId', label: 'city', type: 'integer', editable: true },
      { name: 'name', type: 'string', editable: true },
      { name: 'url', type: 'string', editable: true },
      { name: 'description', type: 'string', editable: true },
      { name: 'rating', type: 'number', editable: true },
      { name: 'reviews', type: 'integer', editable: true },
      { name: 'rank', type: 'integer', editable: true },
      { name: 'rankTotal', label: 'rank of', type: 'integer', editable: true },
      { name: 'stars', type: 'number', editable: true },
      { name: 'createdAt', label: 'stored', type: 'timestamp' },
      { name: 'updatedAt', label: 'updated', type: 'timestamp' },
    ],
    schema: HotelInput,
    async list(query) {
      const page = await listHotelsForAdmin(db, query)
      return { rows: page.rows.map(row), total: page.total }
    },
    async get(id) {
      const hotel = await stored.get(Number(id))
      return hotel ? row(hotel) : undefined
    },
    async create(input) {
      const h = input as unknown as NewHotel
      const created = await stored.create({
        uid: h.uid,
        cityId: h.cityId,
        name: h.name,
        url: h.url,
        description: h.description ?? null,
        rating: h.rating ?? null,
        reviews: h.reviews ?? null,
        rank: h.rank ?? null,
        rankTotal: h.rankTotal ?? null,
        stars: h.stars ?? null,
      })
      if (!created) throw new DuplicateUidError(h.uid)
      return row(created)
    },
    async update(id, changes) {
      const updated = await stored.update(Number(id), changes)
      if (!updated) throw new Error(`stored hotel ${id} vanished while it was edited`)
      return row(updated)
    },
    async delete(id) {
      await stored.delete(Number(id))
    },
    notes: 'The uid is the site\u2019s id and identifies a hotel across selections: it is not editable, and a second hotel with the same uid is refused.',
  }
}
