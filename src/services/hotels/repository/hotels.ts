import type { AdminListQuery } from '../../../kit/admin/admin-model.ts'
import { listTableRows } from '../../../kit/admin/list-rows.ts'
import type { HotelChanges, NewHotel, StoredHotel } from '../hotel-data.ts'
import { num, type HotelsDb, type HotelTable } from './tables.ts'

type HotelRow = { [K in keyof HotelTable]: HotelTable[K] extends import('kysely').Generated<infer T> ? T : HotelTable[K] }

function toHotel(row: HotelRow): StoredHotel {
  return {
    id: Number(row.id),
    uid: Number(row.uid),
    cityId: Number(row.city_id),
    name: row.name,
    description: row.description,
    url: row.url,
    rating: num(row.rating),
    reviews: num(row.reviews),
    rank: num(row.rank),
    rankTotal: num(row.rank_total),
    stars: num(row.stars),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  }
}

function columns(h: HotelChanges) {
  return {
    ...(h.cityId !== undefined ? { city_id: h.cityId } : {}),
    ...(h.name !== undefined ? { name: h.name } : {}),
    ...(h.description !== undefined ? { description: h.description } : {}),
    ...(h.url !== undefined ? { url: h.url } : {}),
    ...(h.rating !== undefined ? { rating: h.rating } : {}),
    ...(h.reviews !== undefined ? { reviews: h.reviews } : {}),
    ...(h.rank !== undefined ? { rank: h.rank } : {}),
    ...(h.rankTotal !== undefined ? { rank_total: h.rankTotal } : {}),
    ...(h.stars !== undefined ? { stars: h.stars } : {}),
  }
}

/** Inserts the hotels whose uid is not stored yet; returns the ones it inserted. */
export async function insertHotels(db: HotelsDb, hotels: NewHotel[], now: number): Promise<StoredHotel[]> {
  if (hotels.length === 0) return []
  const rows = hotels.map((h) => ({ uid: h.uid, ...columns(h), city_id: h.cityId, name: h.name, url: h.url, created_at: now, updated_at: now }))
  const inserted = await db
    .insertInto('hotels_hotel')
    .values(rows)
    .onConflict((oc) => oc.column('uid').doNothing())
    .returningAll()
    .execute()
  return inserted.map(toHotel)
}

export async function countHotels(db: HotelsDb): Promise<number> {
  const row = await db.selectFrom('hotels_hotel').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  return Number(row.n)
}

/** Oldest first, as the original's API listed them. */
export async function listHotels(db: HotelsDb, offset: number, limit: number): Promise<StoredHotel[]> {
  const rows = await db.selectFrom('hotels_hotel').selectAll().orderBy('id').limit(limit).offset(offset).execute()
  return rows.map(toHotel)
}

export async function findHotel(db: HotelsDb, id: number): Promise<StoredHotel | undefined> {
  const row = await db.selectFrom('hotels_hotel').selectAll().where('id', '=', id).executeTakeFirst()
  return row ? toHotel(row) : undefined
}

export async function updateHotel(db: HotelsDb, id: number, changes: HotelChanges, now: number): Promise<StoredHotel | undefined> {
  const row = await db
    .updateTable('hotels_hotel')
    .set({ ...columns(changes), updated_at: now })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst()
  return row ? toHotel(row) : undefined
}

export async function deleteHotel(db: HotelsDb, id: number): Promise<boolean> {
  const r = await db.deleteFrom('hotels_hotel').where('id', '=', id).executeTakeFirst()
  return Number(r.numDeletedRows) > 0
}

/** Admin column (the API's name) → table column. */
export const ADMIN_COLUMNS = {
  id: 'id',
  uid: 'uid',
  cityId: 'city_id',
  name: 'name',
  description: 'description',
  url: 'url',
  rating: 'rating',
  reviews: 'reviews',
  rank: 'rank',
  rankTotal: 'rank_total',
  stars: 'stars',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
}

export async function listHotelsForAdmin(db: HotelsDb, query: AdminListQuery): Promise<{ rows: StoredHotel[]; total: number }> {
  const page = await listTableRows(db, 'hotels_hotel', ADMIN_COLUMNS, 'id', query)
  const back = Object.fromEntries(Object.entries(ADMIN_COLUMNS).map(([name, column]) => [column, name]))
  const rows = page.rows.map((r) => toHotel(Object.fromEntries(Object.entries(back).map(([column, name]) => [column, r[name]])) as HotelRow))
  return { rows, total: page.total }
}
