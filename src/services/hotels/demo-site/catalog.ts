import { between, mix, pick, seeded, type Random } from './random.ts'

export interface DemoHotel {
  id: number
  name: string
  slug: string
  description: string
  rating: number
  reviews: number
  /** Hotel class; null for the places that have none. */
  stars: number | null
  rank: number
  rankTotal: number
  category: 'HOTEL' | 'OTHER'
}

export interface DemoCity {
  index: number
  geoId: number
  name: string
  region: string
  /** `Paris_Ile_de_France`: the last part of its list URLs. */
  slug: string
}

// Demo ids in the shape of the original site's geo ids; they identify nothing there.
const CITIES: Array<[string, string, number]> = [
  ['Paris', 'Ile de France', 187147],
  ['London', 'England', 186338],
  ['Rome', 'Lazio', 187791],
  ['Barcelona', 'Catalonia', 187497],
  ['Amsterdam', 'North Holland Province', 188590],
  ['Berlin', 'Brandenburg', 187323],
  ['Lisbon', 'Lisbon District', 189158],
  ['Prague', 'Bohemia', 274707],
  ['Vienna', 'Austria', 190454],
  ['Madrid', 'Community of Madrid', 187514],
  ['New York City', 'New York', 60763],
  ['Tokyo', 'Tokyo Prefecture', 298184],
  ['Istanbul', 'Türkiye', 293974],
  ['Budapest', 'Central Hungary', 274887],
  ['Florence', 'Tuscany', 187895],
  ['Venice', 'Veneto', 187870],
  ['Edinburgh', 'Scotland', 186525],
  ['Dublin', 'County Dublin', 186605],
  ['Kraków', 'Lesser Poland Province', 274772],
  ['São Paulo', 'State of São Paulo', 303631],
  ['Zürich', 'Canton of Zurich', 188113],
  ['Reykjavík', 'Capital Region', 189970],
]

const OPENINGS = ['Hotel', 'Grand Hotel', 'Le', 'The', 'Residence', 'Boutique Hotel', 'Maison', 'Palazzo', 'Casa', 'Inn at', 'Hôtel', 'Villa']
const WORDS = ['Lumière', 'Central', 'Royal', 'Garden', 'Riverside', 'Opera', 'Harbour', 'Park', 'Saint-Michel', 'Astoria', 'Bellevue', 'Métropole', 'Continental', 'Majestic', 'Belvedere', 'Orchid', 'Linden', 'Aurora', 'Cathedral', 'Old Town', 'Marquis', 'Bristol', 'Savoy', 'Alba', 'Nova', 'Cedar']
const ENDINGS = ['', '', '', ' & Spa', ' Suites', ' Apartments', ' by the River', "'s House", ' Collection']
const FEATURES = ['a rooftop terrace', 'a quiet inner courtyard', 'a breakfast of local produce', 'rooms with "French" balconies', 'a small spa & sauna', 'bicycles to borrow', 'a library bar', 'views over the old town', 'a 24-hour front desk', 'family rooms & cots']
const DISTANCES = ['a short walk from', 'five minutes from', 'across the square from', 'steps away from', 'a tram ride from']
const SIGHTS = ['the cathedral', 'the central station', 'the river', 'the museum quarter', 'the main market', 'the opera house']

/** Everything the demo site serves, generated from a seed: the same seed gives the same site. */
export class Catalog {
  readonly cities: DemoCity[]
  private readonly hotels = new Map<number, DemoHotel[]>()

  constructor(
    readonly seed: number,
    readonly hotelsPerCity: number,
  ) {
    this.cities = CITIES.map(([name, region, geoId], index) => ({ index, geoId, name, region, slug: slug(`${name} ${region}`) }))
  }

  city(geoId: number): DemoCity | undefined {
    return this.cities.find((c) => c.geoId === geoId)
  }

  /** A city's hotels in list order (most popular first); built on first use. */
  hotelsOf(city: DemoCity): DemoHotel[] {
    let hotels = this.hotels.get(city.geoId)
    if (!hotels) {
      hotels = generateHotels(seeded(mix(this.seed, city.geoId)), city, this.hotelsPerCity)
      this.hotels.set(city.geoId, hotels)
    }
    return hotels
  }

  hotel(city: DemoCity, id: number): DemoHotel | undefined {
    const position = id - firstHotelId(city)
    const hotels = this.hotelsOf(city)
    return position >= 0 && position < hotels.length ? hotels[position] : undefined
  }

  /** Cities ranked by how well their name matches the query; never empty. */
  match(query: string): DemoCity[] {
    const q = normalize(query)
    return this.cities
      .map((city) => ({ city, score: score(q, normalize(city.name), normalize(`${city.name} ${city.region}`)) }))
      .sort((a, b) => b.score - a.score || a.city.index - b.city.index)
      .map((m) => m.city)
  }
}

function firstHotelId(city: DemoCity): number {
  return 100_000 * (city.index + 1)
}

function generateHotels(random: Random, city: DemoCity, count: number): DemoHotel[] {
  const first = firstHotelId(city)
  return Array.from({ length: count }, (_, i) => {
    const name = `${pick(random, OPENINGS)} ${pick(random, WORDS)}${pick(random, ENDINGS)}`
    const stars = random() < 0.15 ? null : between(random, 4, 10) / 2
    return {
      id: first + i,
      name,
      slug: slug(name),
      description: describe(random, name, city),
      rating: between(random, 5, 10) / 2,
      reviews: between(random, 0, 8000),
      stars,
      rank: i + 1,
      rankTotal: count,
      category: random() < 0.1 ? 'OTHER' : 'HOTEL',
    }
  })
}

function describe(random: Random, name: string, city: DemoCity): string {
  const sentences = [
    `${name} is ${pick(random, DISTANCES)} ${pick(random, SIGHTS)} in ${city.name}.`,
    `Guests enjoy ${pick(random, FEATURES)} and ${pick(random, FEATURES)}.`,
  ]
  if (random() < 0.5) sentences.push(`Rooms start at ${between(random, 60, 480)} € a night, taxes & fees included.`)
  return sentences.join(' ')
}

/** The original site's URL slugs: words joined by underscores, accents kept out. */
export function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_|_$/g, '')
}

function normalize(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
}

function bigrams(text: string): string[] {
  const padded = ` ${text} `
  return Array.from({ length: padded.length - 1 }, (_, i) => padded.slice(i, i + 2))
}

/** Exact name, then prefix, then containment, then shared letter pairs (Dice): a typo still finds its city. */
function score(query: string, name: string, full: string): number {
  if (query === '') return 0
  if (query === name || query === full) return 1000
  if (name.startsWith(query)) return 800 + query.length
  if (query.startsWith(name) || full.startsWith(query)) return 700 + name.length
  if (name.includes(query) || full.includes(query)) return 600 + query.length
  const a = bigrams(query)
  const b = new Set(bigrams(name))
  const shared = a.filter((pair) => b.has(pair)).length
  return Math.round((200 * shared) / (a.length + b.size))
}
