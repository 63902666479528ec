import type { Kysely } from 'kysely'
import type { Clock } from '../../kit/clock.ts'
import type { Bus, BusMessage } from '../../kit/bus/types.ts'
import { selectedHotel, type HotelChanges, type HotelData, type NewHotel, type StoredHotel } from './hotel-data.ts'
import type { HotelsMetrics } from './metrics.ts'
import * as repo from './repository/hotels.ts'
import type { HotelsTables } from './repository/tables.ts'

export const SELECTED_TOPIC = 'hotels.selected'
export const STORE_GROUP = 'hotels.store'

/** One `hotels.selected` message, as the original's producer sent it: the hotels, each with `uid` and `city_id`. */
export type SelectedMessage = Array<Omit<HotelData, 'id'> & { uid: number; city_id: number }>

/** The hotels users selected: published as a message, stored by its consumer, read and edited here. */
export class StoredHotels {
  constructor(
    private readonly db: Kysely<HotelsTables>,
    private readonly bus: Bus & { notify?(): void },
    private readonly clock: Clock,
    private readonly metrics: HotelsMetrics,
  ) {}

  /** One message for the whole selection, written in a transaction (the outbox), delivered after it commits. */
  async publishSelection(cityId: number, hotels: HotelData[]): Promise<number> {
    const message: SelectedMessage = hotels.map(({ id, ...hotel }) => ({ ...hotel, uid: id, city_id: cityId }))
    const id = await this.db.transaction().execute((trx) => this.bus.publish(SELECTED_TOPIC, message, trx))
    this.bus.notify?.()
    return id
  }

  /** The consumer: stores the hotels not stored yet; a redelivered message changes nothing. */
  async consume(message: BusMessage<unknown>): Promise<number> {
    const hotels = checkSelection(message.payload)
    const unique = [...new Map(hotels.map((h) => [h.uid, h])).values()]
    const inserted = await repo.insertHotels(this.db, unique, this.clock.now())
    this.metrics.hotelsStored.inc(inserted.length)
    return inserted.length
  }

  count(): Promise<number> {
    return repo.countHotels(this.db)
  }

  list(offset: number, limit: number): Promise<StoredHotel[]> {
    return repo.listHotels(this.db, offset, limit)
  }

  get(id: number): Promise<StoredHotel | undefined> {
    return repo.findHotel(this.db, id)
  }

  /** Undefined when the uid is stored already. */
  async create(hotel: NewHotel): Promise<StoredHotel | undefined> {
    const [inserted] = await repo.insertHotels(this.db, [hotel], this.clock.now())
    if (inserted) this.metrics.hotelsStored.inc()
    return inserted
  }

  update(id: number, changes: HotelChanges): Promise<StoredHotel | undefined> {
    return repo.updateHotel(this.db, id, changes, this.clock.now())
  }

  delete(id: number): Promise<boolean> {
    return repo.deleteHotel(this.db, id)
  }
}

const optionalNumber = (v: unknown) => v === undefined || v === null || (typeof v === 'number' && Number.isFinite(v))

/** Messages outlive code changes: each is checked before anything is stored. */
function checkSelection(payload: unknown): NewHotel[] {
  if (!Array.isArray(payload)) throw new TypeError('a hotels.selected message is a list of hotels')
  return payload.map((h: Record<string, unknown> | null, i) => {
    const ok =
      h !== null &&
      Number.isSafeInteger(h.uid) &&
      Number.isSafeInteger(h.city_id) &&
      typeof h.name === 'string' &&
      typeof h.url === 'string' &&
      (h.description === undefined || h.description === null || typeof h.description === 'string') &&
      ['rating', 'reviews', 'rank', 'rank_total', 'stars'].every((k) => optionalNumber(h[k]))
    if (!ok) throw new TypeError(`hotel ${i} of a hotels.selected message lacks uid, city_id, name or url, or has a field of the wrong type`)
    return selectedHotel(h.city_id as number, { ...(h as unknown as HotelData), id: h.uid as number })
  })
}
