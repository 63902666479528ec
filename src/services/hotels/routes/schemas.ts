import Type, { type TSchema } from 'typebox'
import { HotelData } from '../hotel-data.ts'

export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])

export const SearchBody = Type.Object(
  {
    query: Type.String({ minLength: 1, maxLength: 200, description: 'a city name; the source resolves it to its best match' }),
    page: Type.Integer({ minimum: 1, maximum: 1000, description: 'the list page, 30 hotels each, from 1' }),
    pages: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 1, description: 'beyond the original, background search only: list pages to scrape from `page` on' })),
  },
  { examples: [{ query: 'Paris', page: 1 }] },
)

export const SaveBody = Type.Object(
  {
    city_id: Type.Integer({ minimum: 0, description: 'the city the hotels are in' }),
    data: Type.Array(HotelData, { minItems: 1, maxItems: 1000, description: 'the selected hotels, as a search answered them' }),
  },
  { examples: [{ city_id: 187147, data: [{ id: 100000, name: 'Hotel Lumière', url: 'http://127.0.0.1:8090/Hotel_Review-g187147-d100000-Reviews-Hotel_Lumiere-Paris_Ile_de_France.html', rating: 4.5, reviews: 120 }] }] },
)

const SubJobs = Type.Object({
  queued: Type.Integer(),
  running: Type.Integer(),
  succeeded: Type.Integer(),
  failed: Type.Integer(),
  skipped: Type.Integer({ description: 'not fetched: the search reached HOTELS_MAX_PAGES' }),
  total: Type.Integer(),
})

export const ProgressSummary = Type.Object({
  id: Type.Integer(),
  status: Type.Union([Type.Literal('queued'), Type.Literal('running'), Type.Literal('succeeded'), Type.Literal('failed'), Type.Literal('cancelled')]),
  progress: Type.Integer({ minimum: 0, maximum: 100 }),
  query: Type.String(),
  page: Type.Integer(),
  pages: Type.Integer(),
  city: Nullable(Type.Object({ name: Type.String(), geoId: Nullable(Type.Integer()) })),
  subJobs: SubJobs,
  note: Nullable(Type.String({ description: 'why fewer pages were fetched than asked' })),
  error: Nullable(Type.String({ description: 'why the search failed as a whole' })),
  createdAt: Type.Number(),
  finishedAt: Nullable(Type.Number()),
})

export const HotelFailure = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  url: Type.String(),
  status: Type.Union([Type.Literal('failed'), Type.Literal('skipped')]),
  error: Type.String(),
})

export const JobProgress = Type.Object({
  ...ProgressSummary.properties,
  results: Type.Array(HotelData, { description: 'the hotels fetched so far, in list order' }),
  failures: Type.Array(HotelFailure, { description: 'hotels that could not be fetched: a malformed page, robots.txt, the site failing' }),
})
