import assert from 'node:assert/strict'
import { test } from 'node:test'
import { FeedError } from '../../../src/services/events/feed-error.ts'
import { FeedParser, type FeedLimits, type ParsedFeed } from '../../../src/services/events/feed-parser.ts'
import { zoneConverter } from '../../../src/services/events/provider-time.ts'
import { sample } from './provider.ts'

const utc = zoneConverter('UTC')

function parse(xml: string, options: { zone?: string; limits?: FeedLimits; chunk?: number } = {}): ParsedFeed {
  const parser = new FeedParser(options.zone ? zoneConverter(options.zone) : utc, options.limits)
  const chunk = options.chunk ?? xml.length
  for (let i = 0; i < xml.length; i += chunk) parser.write(xml.slice(i, i + chunk))
  return parser.end()
}

function refused(xml: string, outcome: string, message: RegExp, limits?: FeedLimits): void {
  assert.throws(
    () => parse(xml, { limits }),
    (error: unknown) => error instanceof FeedError && error.outcome === outcome && message.test(error.message),
  )
}

const feed = (baseEvents: string) => `<?xml version="1.0" encoding="UTF-8"?><eventList version="1.0"><output>${baseEvents}</output></eventList>`
const good = (id: string) =>
  `<base_event base_event_id="${id}" sell_mode="online" title="Good ${id}"><event event_start_date="2021-01-01T10:00:00" event_end_date="2021-01-01T11:00:00" event_id="1"><zone zone_id="1" price="10.00"/></event></base_event>`

test('the v1 dialect: event_date is both start and end, max_price is the price, offline is dropped', () => {
  const { events, summary } = parse(sample('provider-v1.xml'))
  assert.deepEqual(summary, { baseEvents: 3, events: 3, onlineEvents: 2, skippedBaseEvents: 0, skipped: [] })
  const [concert, theater] = events
  assert.equal(concert!.startAt, Date.UTC(2019, 5, 30, 21))
  assert.equal(concert!.endAt, concert!.startAt)
  assert.deepEqual([concert!.minPrice, concert!.maxPrice, theater!.minPrice, theater!.maxPrice], [0, 20, 75, 75])
  assert.deepEqual(JSON.parse(concert!.document), {
    base_event: {
      base_event_id: '291',
      sell_mode: 'online',
      title: 'Concert',
      event: {
        event_date: '2019-06-30T21:00:00',
        event_id: '291',
        sell_from: '2014-07-01T00:00:00',
        sell_to: '2019-06-30T20:00:00',
        sold_out: 'false',
        zone: [
          { zone_id: '40', capacity: '243', max_price: '20.00', name: 'Platea', numbered: 'true' },
          { zone_id: '38', capacity: '100', max_price: '0.00', name: 'test', numbered: 'false' },
          { zone_id: '30', capacity: '90', max_price: '0.00', name: 'A28', numbered: 'true' },
        ],
      },
    },
  })
  // Both zones of 1591 share zone_id 186: both are kept.
  assert.equal(JSON.parse(theater!.document).base_event.event.zone.length, 2)
})

test('the v2 dialect, read in any chunking', () => {
  const whole = parse(sample('provider-v2-moment2.xml'))
  for (const chunk of [1, 7, 100]) assert.deepEqual(parse(sample('provider-v2-moment2.xml'), { chunk }), whole)
  assert.deepEqual(
    whole.events.map((e) => [e.baseEventId, e.eventId, e.title, e.minPrice, e.maxPrice, e.endAt - e.startAt]),
    [
      ['291', '291', 'Camela en concierto', 12.5, 30, 3_600_000],
      ['444', '445', 'Tributo a Queen', 35, 48, 3 * 3_600_000],
      ['444', '446', 'Tributo a Queen', 32, 32, 3 * 3_600_000],
    ],
  )
})

test('times are read in the configured zone, or with the offset the provider wrote', () => {
  const [madrid] = parse(sample('provider-v1.xml'), { zone: 'Europe/Madrid' }).events
  assert.equal(madrid!.startWall, Date.UTC(2019, 5, 30, 21))
  assert.equal(madrid!.startAt, Date.UTC(2019, 5, 30, 19))
  const [winter] = parse(feed(good('1').replace('2021-01-01T10:00:00', '2021-01-01T09:00:00')), { zone: 'Europe/Madrid' }).events
  assert.equal(winter!.startAt, Date.UTC(2021, 0, 1, 8))
  const [offset] = parse(feed(good('1').replace('2021-01-01T10:00:00"', '2021-01-01T10:00:00+05:30"'))).events
  assert.equal(offset!.startAt, Date.UTC(2021, 0, 1, 4, 30))
  assert.equal(offset!.startWall, Date.UTC(2021, 0, 1, 10))
})

test('a malformed base_event is skipped and counted; the rest of the feed lands', () => {
  const bad = [
    good('1').replace('base_event_id="1" ', ''),
    good('2').replace('sell_mode="online" ', ''),
    good('3').replace('2021-01-01T11:00:00', '2021-02-30T11:00:00'),
    good('4').replace('2021-01-01T11:00:00', '2020-12-31T11:00:00'),
    good('5').replace('price="10.00"', 'price="ten"'),
    good('6').replace('<zone zone_id="1" price="10.00"/>', ''),
    good('7').replace('title="Good 7"', `title="${'x'.repeat(5000)}"`),
    good('8').replace(' event_id="1"', ''),
    // Offline, yet malformed: counted all the same.
    good('9').replace('online', 'offline').replace('price="10.00"', ''),
  ]
  const { events, summary } = parse(feed([good('10'), ...bad, good('11')].join('')))
  assert.deepEqual(
    events.map((e) => e.baseEventId),
    ['10', '11'],
  )
  assert.equal(summary.baseEvents, 11)
  assert.equal(summary.skippedBaseEvents, 9)
  assert.equal(summary.skipped.length, 5)
  assert.deepEqual(
    summary.skipped.map((s) => s.baseEventId),
    [null, '2', '3', '4', '5'],
  )
  assert.match(summary.skipped[2]!.reason, /end that is missing or not/)
  assert.match(summary.skipped[3]!.reason, /ends before it starts/)
})

test('an event listed twice keeps its last listing; unknown elements are ignored', () => {
  const xml = feed(
    `<meta><base_event base_event_id="99" sell_mode="online" title="hidden"/></meta>` +
      good('1') +
      good('1').replace('Good 1', 'Again 1').replace('<zone ', '<description>text <b>bold</b></description><zone '),
  )
  const { events } = parse(xml)
  assert.deepEqual(
    events.map((e) => e.title),
    ['Again 1'],
  )
})

test('hostile or broken feeds are refused as a whole', () => {
  refused('<?xml version="1.0"?><!DOCTYPE eventList><eventList><output/></eventList>', 'refused', /DOCTYPE/)
  refused(feed(good('1').replace('Good 1', 'Good &ext;')), 'invalid_xml', /not well-formed/)
  refused(feed(good('1')).replace('<eventList version="1.0">', '<eventList version="1.0" x="' + 'a'.repeat(600) + '">'), 'refused', /longer than 500/, {
    maxTokenChars: 500,
    maxAttributeChars: 100,
  })
  refused(feed(good('1')).replace('<output>', `<!--${'c'.repeat(600)}--><output>`), 'refused', /longer than 500/, { maxTokenChars: 500, maxAttributeChars: 100 })
  refused('<rss><channel/></rss>', 'invalid_xml', /root is <rss>/)
  refused(feed(good('1')).slice(0, -20), 'truncated', /cut short/)
  refused('', 'invalid_xml', /empty/)
  refused(feed(good('1')) + '<eventList/>', 'invalid_xml', /not well-formed/)
})

test('a well-formed empty feed is a feed with nothing in it', () => {
  assert.deepEqual(parse('<eventList><output/></eventList>').events, [])
})
