import type { FastifyError } from 'fastify'
import Type, { type Static } from 'typebox'
import type { HotelChanges, StoredHotel } from '../hotel-data.ts'
import { Nullable } from './schemas.ts'

/** The DRF API's shapes: the Django model's fields, snake_case, and DRF's error bodies. */
const Fields = {
  uid: Type.Integer({ minimum: 0, description: "the site's id for the hotel; unique" }),
  city_id: Type.Integer({ minimum: 0 }),
  name: Type.String({ minLength: 1, maxLength: 500 }),
  description: Type.Optional(Nullable(Type.String({ maxLength: 20_000 }))),
  url: Type.String({ minLength: 1, maxLength: 2000 }),
  rating: Type.Optional(Nullable(Type.Number({ minimum: 0, maximum: 5 }))),
  reviews: Type.Optional(Nullable(Type.Integer({ minimum: 0 }))),
  rank: Type.Optional(Nullable(Type.Integer({ minimum: 0 }))),
  rank_total: Type.Optional(Nullable(Type.Integer({ minimum: 0 }))),
  stars: Type.Optional(Nullable(Type.Number({ minimum: 0, maximum: 5 }))),
}
export const HotelBody = Type.Object(Fields)
const { uid: _uid, ...changeable } = Fields
export const HotelPatch = Type.Partial(Type.Object(changeable))
export const Hotel = Type.Object({
  id: Type.Integer(),
  ...Fields,
  description: Nullable(Type.String()),
  rating: Nullable(Type.Number()),
  reviews: Nullable(Type.Integer()),
  rank: Nullable(Type.Integer()),
  rank_total: Nullable(Type.Integer()),
  stars: Nullable(Type.Number()),
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' }),
})
export const Page = Type.Object({ count: Type.Integer(), next: Nullable(Type.String()), previous: Nullable(Type.String()), results: Type.Array(Hotel) })
export const Detail = Type.Object({ detail: Type.String() })
export const IdParams = Type.Object({ id: Type.String() })

export function drf(h: StoredHotel) {
  return {
    id: h.id,
    uid: h.uid,
    city_id: h.cityId,
    name: h.name,
    description: h.description,
    url: h.url,
    rating: h.rating,
    reviews: h.reviews,
    rank: h.rank,
    rank_total: h.rankTotal,
    stars: h.stars,
    created_at: new Date(h.createdAt).toISOString(),
    updated_at: new Date(h.updatedAt).toISOString(),
  }
}

export type Body = Partial<Static<typeof HotelBody>>

export function changes(body: Body): HotelChanges {
  const out: HotelChanges = {}
  if (body.city_id !== undefined) out.cityId = body.city_id
  if (body.name !== undefined) out.name = body.name
  if (body.description !== undefined) out.description = body.description
  if (body.url !== undefined) out.url = body.url
  if (body.rating !== undefined) out.rating = body.rating
  if (body.reviews !== undefined) out.reviews = body.reviews
  if (body.rank !== undefined) out.rank = body.rank
  if (body.rank_total !== undefined) out.rankTotal = body.rank_total
  if (body.stars !== undefined) out.stars = body.stars
  return out
}

/** Django REST framework's 400: `{"field": ["message"]}`. */
export function drfErrors(error: FastifyError): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  for (const v of error.validation ?? []) {
    const missing = (v.params as { missingProperty?: string } | undefined)?.missingProperty
    const field = missing ?? (v.instancePath.split('/').filter(Boolean)[0] || 'non_field_errors')
    ;(out[field] ??= []).push(missing ? 'This field is required.' : `${v.message ?? 'Invalid value'}.`)
  }
  return out
}

