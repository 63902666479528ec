import type { DemoCity, DemoHotel } from './catalog.ts'

export const PAGE_SIZE = 30

/** `/Hotels-g187147-Paris_Ile_de_France-Hotels.html`; page N > 1 inserts `oa{(N-1)*30}` as the third segment. */
export function listPath(city: DemoCity, page = 1): string {
  return page > 1 ? `/Hotels-g${city.geoId}-oa${(page - 1) * PAGE_SIZE}-${city.slug}-Hotels.html` : `/Hotels-g${city.geoId}-${city.slug}-Hotels.html`
}

export function hotelPath(city: DemoCity, hotel: DemoHotel): string {
  return `/Hotel_Review-g${city.geoId}-d${hotel.id}-Reviews-${hotel.slug}-${city.slug}.html`
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/static/site.css"></head>
<body>
<header class="masthead"><a href="/" class="logo">Demo Travel</a><nav><a href="/Hotels">Hotels</a> <a href="/Restaurants">Restaurants</a> <a href="/Attractions">Things to do</a></nav>
<form class="search" action="/Search"><input name="q" placeholder="Where to?"></form></header>
<main>${body}</main>
<footer><p>A generated site for Flotilla's hotels service: every name, price and review here is made up.</p>
<ul class="links">${['About', 'Press', 'Careers', 'Help', 'Privacy', 'Terms'].map((l) => `<li><a href="/${l}">${l}</a></li>`).join('')}</ul></footer>
</body></html>
`
}

export type ListVariant = 'json' | 'anchors'

/** A list page in one of the two layouts the original scraper read. */
export function listPageHtml(city: DemoCity, hotels: DemoHotel[], pageNo: number, total: number, variant: ListVariant): string {
  const cards = hotels.map((h, i) => card(city, h, (pageNo - 1) * PAGE_SIZE + i + 1)).join('\n')
  const json = variant === 'json' ? JSON.stringify({ hotels: hotels.map((h) => ({ id: h.id, name: h.name, detailUrl: hotelPath(city, h), bubbleRating: h.rating, numReviews: h.reviews })) }) : undefined
  const pages = Math.ceil(total / PAGE_SIZE)
  const pager = Array.from({ length: pages }, (_, i) => (i + 1 === pageNo ? `<span class="current">${i + 1}</span>` : `<a class="pageNum" href="${listPath(city, i + 1)}">${i + 1}</a>`)).join(' ')
  return page(
    `THE ${Math.min(total, PAGE_SIZE)} BEST Hotels in ${city.name}`,
    `<h1>Hotels in ${escapeHtml(city.name)}</h1>
<div class="summary"><span data-main-list-match-count="${total}">${total} properties</span></div>
${json !== undefined ? `<div class="listing" data-hotels-data="${escapeHtml(json)}">` : '<div class="listing">'}
${cards}
</div>
<div class="pager">${pager}</div>`,
  )
}

function card(city: DemoCity, hotel: DemoHotel, n: number): string {
  return `<div class="listItem" data-automation="hotel-card-title">
<a id="property_${hotel.id}" href="${hotelPath(city, hotel)}">${n}. ${escapeHtml(hotel.name)}</a>
<div class="meta"><span class="bubbles" title="${hotel.rating} of 5 bubbles"></span> <span class="reviews">${hotel.reviews.toLocaleString('en-US')} reviews</span></div>
<ul class="amenities"><li>Free Wifi</li><li>Breakfast available</li><li>Special offer</li></ul>
</div>`
}

/** What the original read from a hotel page: the description handler, the review summary and rank in the page's state, the class stars. */
export function hotelPageHtml(city: DemoCity, hotel: DemoHotel): string {
  const handlers = { load: [{ module: 'about', params: { locationId: hotel.id, locationDescription: hotel.description, translated: false } }] }
  // The page's state is JSON inside a JavaScript string, so its quotes arrive escaped: \"
  const state = JSON.stringify({
    locations: [
      {
        locationId: hotel.id,
        name: hotel.name,
        reviewSummary: { rating: hotel.rating, count: hotel.reviews },
        accommodationCategory: hotel.category,
        popIndexDetails: { popIndexRank: hotel.rank, popIndexTotal: hotel.rankTotal },
      },
    ],
  })
  const stars =
    hotel.stars === null
      ? ''
      : `<div class="hotelClass"><svg viewBox="0 0 ${hotel.stars * 20} 20" width="${hotel.stars * 20}" height="20" aria-label="${hotel.stars.toFixed(1)} of 5 stars" role="img"><path d="M 0 0 L 10 20 L 20 0 Z"></path></svg></div>`
  const reviews = Array.from({ length: 12 }, (_, i) => review(hotel, i)).join('\n')
  const amenities = AMENITIES.map((a, i) => `<li class="amenity" data-amenity="${i}"><span class="icon icon-${i}"></span><span>${a}</span></li>`).join('')
  // Real pages carry a large state blob (photos, translations) the scraper skips over.
  const photos = JSON.stringify(Array.from({ length: 40 }, (_, i) => ({ id: hotel.id * 100 + i, url: `/media/photo-o/${hotel.id}/${i}.jpg`, caption: `${hotel.name}, photo ${i + 1}`, width: 1200, height: 800 })))
  return page(
    `${hotel.name} - ${city.name}`,
    `<h1 id="HEADING">${escapeHtml(hotel.name)}</h1>
${stars}
<div id="ABOUT_TAB" data-ssrev-handlers="${escapeHtml(JSON.stringify(handlers))}"><div class="about">${escapeHtml(hotel.description)}</div></div>
<div class="amenities"><h2>Property amenities</h2><ul>${amenities}</ul></div>
<div class="reviews"><h2>Reviews</h2>${reviews}</div>
<script>window.__PHOTOS__=${photos};</script>
<script>window.__WEB_CONTEXT__={pageManifest:{urqlCache:{results:{"${hotel.id}":{data:${JSON.stringify(state)}}}}}};</script>`,
  )
}

const AMENITIES = ['Free High Speed Internet (WiFi)', 'Breakfast available', 'Bar / lounge', 'Airport transportation', 'Non-smoking hotel', 'Concierge', 'Laundry service', 'Baggage storage', '24-hour front desk', 'Express check-in / check-out', 'Dry cleaning', 'Paid private parking nearby', 'Fitness Center', 'Sauna', 'Rooftop bar', 'Family rooms', 'Air conditioning', 'Room service', 'Safe', 'Minibar', 'Flatscreen TV', 'Bath / shower', 'Soundproof rooms', 'Blackout curtains', 'Coffee / tea maker', 'Walk-in shower', 'Wake-up service', 'Desk', 'Iron', 'Bottled water']

function review(hotel: DemoHotel, i: number): string {
  const nights = (hotel.id + i) % 6 + 1
  return `<div class="review-container" data-reviewid="${hotel.id * 100 + i}">
<div class="member"><div class="avatar"><img src="/media/avatars/${(hotel.id + i) % 97}.jpg" alt=""></div><div class="info"><span class="username">traveller${(hotel.id * 7 + i) % 9973}</span><span class="contributions">${(hotel.id + i * 13) % 300} contributions</span></div></div>
<div class="rating"><span class="bubble_rating bubble_${10 * (1 + ((hotel.id + i) % 5))}"></span></div>
<div class="quote"><a href="/ShowUserReviews-d${hotel.id}-r${hotel.id * 100 + i}.html"><span>Stay number ${i + 1}: ${nights} nights</span></a></div>
<div class="entry"><p class="partial_entry">We stayed ${nights} nights at ${escapeHtml(hotel.name)}. The staff were kind &amp; helpful, the room was quiet and clean, and the location made it easy to walk everywhere. Breakfast could start a little earlier, and the lift is small; otherwise we would come back without a second thought.</p></div>
<div class="helpful"><span class="numHelp">${(hotel.id + i) % 12}</span> Helpful votes</div>
</div>`
}

/** A page cut off in the middle of its description JSON, with none of the data the scraper looks for. */
export function malformedHotelPageHtml(hotel: DemoHotel): string {
  return `<!DOCTYPE html><html><head><title>${escapeHtml(hotel.name)}</title></head><body>
<div id="ABOUT_TAB" data-ssrev-handlers="{&quot;load&quot;:[{&quot;module&quot;:&quot;about&quot;,&quot;params&quot;:{&quot;locationDescription&quot;:&quot;${escapeHtml(hotel.description.slice(0, 12))}`
}
