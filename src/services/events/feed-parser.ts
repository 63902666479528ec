import { FeedError } from './feed-error.ts'
import {
  checkAttributeLengths,
  eventDocument,
  MalformedError,
  readBaseEvent,
  readEvent,
  readZonePrice,
  type Attributes,
  type BaseEventHead,
  type EventHead,
  type FeedEvent,
} from './feed-record.ts'
import type { ZoneConverter } from './provider-time.ts'
import { XmlTokenizer } from './xml-tokenizer.ts'

export interface FeedLimits {
  /** Longest tag, comment or text run: each is buffered whole, so this bounds memory. */
  maxTokenChars: number
  /** Longer attribute values make their base_event malformed. */
  maxAttributeChars: number
}

export const defaultFeedLimits: FeedLimits = { maxTokenChars: 256 * 1024, maxAttributeChars: 4096 }

export interface FeedSummary {
  baseEvents: number
  events: number
  /** Distinct events of online, well-formed base_events: what is stored. */
  onlineEvents: number
  skippedBaseEvents: number
  /** The first few skipped base_events and why. */
  skipped: Array<{ baseEventId: string | null; reason: string }>
}

export interface ParsedFeed {
  events: FeedEvent[]
  summary: FeedSummary
}

const SLICE = 64 * 1024
const SKIPPED_KEPT = 5

interface OpenBaseEvent {
  attributes: Attributes
  head: BaseEventHead | undefined
  problem: string | undefined
  events: FeedEvent[]
}

interface OpenEvent {
  attributes: Attributes
  head: EventHead | undefined
  zones: Attributes[]
  min: number
  max: number
}

/**
 * Reads the feed as it arrives (both dialects) and keeps only what will be stored.
 * Anything that makes the feed as a whole untrustworthy throws a FeedError; a malformed
 * base_event is skipped and counted.
 */
export class FeedParser {
  private readonly tokens: XmlTokenizer
  private readonly found = new Map<string, FeedEvent>()
  private readonly summary: FeedSummary = { baseEvents: 0, events: 0, onlineEvents: 0, skippedBaseEvents: 0, skipped: [] }
  private depth = 0
  /** Depth of an element we do not know, whose subtree is ignored; 0 when none. */
  private ignoreFrom = 0
  private base: OpenBaseEvent | undefined
  private event: OpenEvent | undefined

  constructor(
    private readonly converter: ZoneConverter,
    private readonly limits: FeedLimits = defaultFeedLimits,
  ) {
    this.tokens = new XmlTokenizer({ open: (name, attributes) => this.open(name, attributes), close: (name) => this.close(name) }, limits.maxTokenChars)
  }

  /** Feeds decoded text; throws a FeedError as soon as the feed is refused. */
  write(text: string): void {
    // Slices bound how far a token can grow before the tokenizer measures it.
    if (text.length <= SLICE) this.tokens.write(text)
    else for (let from = 0; from < text.length; from += SLICE) this.tokens.write(text.slice(from, from + SLICE))
  }

  end(): ParsedFeed {
    if (!this.tokens.rootClosed) {
      if (this.tokens.rootOpened) throw new FeedError('truncated', 'the feed ended before </eventList>: it was cut short')
      this.tokens.end()
      throw new FeedError('invalid_xml', 'the feed is empty')
    }
    this.tokens.end()
    const events = [...this.found.values()]
    this.summary.onlineEvents = events.length
    return { events, summary: this.summary }
  }

  private open(name: string, attributes: Attributes): void {
    this.depth += 1
    if (this.ignoreFrom > 0) return
    switch (this.depth) {
      case 1:
        if (name !== 'eventList') throw new FeedError('invalid_xml', `the feed's root is <${name.slice(0, 40)}>, not <eventList>`)
        return
      case 2:
        if (name !== 'output') this.ignoreFrom = this.depth
        return
      case 3:
        if (name !== 'base_event') this.ignoreFrom = this.depth
        else this.openBaseEvent(attributes)
        return
      case 4:
        if (name !== 'event' || !this.base) this.ignoreFrom = this.depth
        else this.openEvent(this.base, attributes)
        return
      case 5:
        if (name === 'zone' && this.base && this.event) this.readZone(this.base, this.event, attributes)
        this.ignoreFrom = this.depth
        return
      default:
        this.ignoreFrom = this.depth
    }
  }

  private close(name: string): void {
    const depth = this.depth
    this.depth -= 1
    if (this.ignoreFrom > 0) {
      if (depth === this.ignoreFrom) this.ignoreFrom = 0
      return
    }
    if (depth === 3 && name === 'base_event') this.closeBaseEvent()
    else if (depth === 4 && name === 'event') this.closeEvent()
  }

  private openBaseEvent(attributes: Attributes): void {
    this.summary.baseEvents += 1
    const base: OpenBaseEvent = { attributes, head: undefined, problem: undefined, events: [] }
    this.base = base
    this.guard(base, () => {
      checkAttributeLengths('base_event', attributes, this.limits.maxAttributeChars)
      base.head = readBaseEvent(attributes)
    })
  }

  private openEvent(base: OpenBaseEvent, attributes: Attributes): void {
    this.summary.events += 1
    const event: OpenEvent = { attributes, head: undefined, zones: [], min: Infinity, max: -Infinity }
    this.event = event
    if (base.problem) return
    this.guard(base, () => {
      checkAttributeLengths('event', attributes, this.limits.maxAttributeChars)
      event.head = readEvent(attributes, this.converter)
    })
  }

  private readZone(base: OpenBaseEvent, event: OpenEvent, attributes: Attributes): void {
    if (base.problem) return
    this.guard(base, () => {
      checkAttributeLengths('zone', attributes, this.limits.maxAttributeChars)
      const price = readZonePrice(attributes)
      if (price < event.min) event.min = price
      if (price > event.max) event.max = price
      if (base.head?.online) event.zones.push(attributes)
    })
  }

  private closeEvent(): void {
    const base = this.base
    const event = this.event
    this.event = undefined
    if (!base || !event || base.problem || !base.head || !event.head) return
    const { head } = event
    if (event.min === Infinity) {
      base.problem = `event ${head.eventId} has no zone, so no price`
      return
    }
    if (!base.head.online) return
    base.events.push({
      baseEventId: base.head.baseEventId,
      eventId: head.eventId,
      title: base.head.title,
      startWall: head.startWall,
      startAt: head.startAt,
      endWall: head.endWall,
      endAt: head.endAt,
      minPrice: event.min,
      maxPrice: event.max,
      document: eventDocument(base.attributes, event.attributes, event.zones),
    })
  }

  private closeBaseEvent(): void {
    const base = this.base
    this.base = undefined
    if (!base) return
    if (base.problem) {
      this.summary.skippedBaseEvents += 1
      if (this.summary.skipped.length < SKIPPED_KEPT) this.summary.skipped.push({ baseEventId: base.attributes.base_event_id?.slice(0, 64) ?? null, reason: base.problem })
      return
    }
    // The same event listed twice: the later listing wins.
    for (const e of base.events) this.found.set(`${e.baseEventId}\u0000${e.eventId}`, e)
  }

  private guard(base: OpenBaseEvent, read: () => void): void {
    try {
      read()
    } catch (error) {
      if (!(error instanceof MalformedError)) throw error
      base.problem = error.message
    }
  }
}
