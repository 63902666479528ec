import Type, { type Static, type TSchema } from 'typebox'

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])

/** The original's HotelData: what a search answers and a selection carries. */
export const HotelData = Type.Object({
  id: Type.Integer({ minimum: 0, description: "the site's id for the hotel" }),
  name: Type.String({ minLength: 1, maxLength: 500 }),
  description: Type.Optional(Nullable(Type.String({ maxLength: 20_000 }))),
  url: Type.String({ minLength: 1, maxLength: 2000 }),
  rating: Type.Optional(Nullable(Type.Number({ minimum: 0, maximum: 5, description: 'review rating, 0 to 5' }))),
  reviews: Type.Optional(Nullable(Type.Integer({ minimum: 0, description: 'number of reviews' }))),
  rank: Type.Optional(Nullable(Type.Integer({ minimum: 0, description: 'popularity rank in its city' }))),
  rank_total: Type.Optional(Nullable(Type.Integer({ minimum: 0, description: 'hotels ranked in its city' }))),
  stars: Type.Optional(Nullable(Type.Number({ minimum: 0, maximum: 5, description: 'hotel class' }))),
})
export type HotelData = Static<typeof HotelData>

/** A hotel a user selected, as stored: `uid` is the site's id, unique. */
export interface StoredHotel {
  id: number
  uid: number
  cityId: number
  name: string
  description: string | null
  url: string
  rating: number | null
  reviews: number | null
  rank: number | null
  rankTotal: number | null
  stars: number | null
  createdAt: number
  updatedAt: number
}

export type NewHotel = Omit<StoredHotel, 'id' | 'createdAt' | 'updatedAt'>
export type HotelChanges = Partial<Omit<NewHotel, 'uid'>>

/** A selected HotelData as the original's consumer stored it: its id becomes `uid`, with the city. */
export function selectedHotel(cityId: number, hotel: HotelData): NewHotel {
  return {
    uid: hotel.id,
    cityId,
    name: hotel.name,
    description: hotel.description ?? null,
    url: hotel.url,
    rating: hotel.rating ?? null,
    reviews: hotel.reviews ?? null,
    rank: hotel.rank ?? null,
    rankTotal: hotel.rank_total ?? null,
    stars: hotel.stars ?? null,
  }
}
