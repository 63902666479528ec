import { closeSync, openSync, writeSync } from 'node:fs'

export interface GenerateOptions {
  bytes: number
  songs: number
  /** Days from 2020-01-01. */
  days: number
  seed?: number
}

const WORDS = ['Love', 'Night', 'Umbrella', 'In The End', 'Dancing', 'Queen', 'Blue', 'Monday', 'Heart', 'Fire', 'Rain', 'Sky', 'Road', 'Home', 'Dream', 'Gold']
const ODD = ['Café del Mar', 'Señorita', '夜に駆ける', 'Déjà Vu', 'Hey, Jude', 'Say "Hello"', '🎵 Tune', 'Ölé']

/** The CSV text of a song title: quoted when it holds a comma or a quote. */
function csvField(title: string): string {
  return /[",\r\n]/.test(title) ? `"${title.replace(/"/g, '""')}"` : title
}

export function songTitle(i: number): string {
  const base = `${WORDS[i % WORDS.length]} ${WORDS[Math.floor(i / WORDS.length) % WORDS.length]} ${i}`
  return i % 50 === 7 ? `${ODD[i % ODD.length]} ${i}` : base
}

function isoDate(day: number): string {
  return new Date(Date.UTC(2020, 0, 1) + day * 86_400_000).toISOString().slice(0, 10)
}

/**
 * Writes a `Song,Date,Number of Plays` CSV of about `bytes`, rows drawn uniformly from
 * `songs` × `days` (so about songs × days distinct keys once the file is large enough).
 * Titles include quoted ones (commas, quotes) and non-ASCII ones. Deterministic per seed.
 */
export function generatePlays(file: string, options: GenerateOptions): { rows: number } {
  let state = options.seed ?? 1
  const random = (n: number): number => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0
    const hi = state
    state = (Math.imul(state, 1103515245) + 12345) >>> 0
    return Math.floor(((hi * 65536 + (state >>> 16)) / 2 ** 48) * n)
  }
  const songs = Array.from({ length: options.songs }, (_, i) => Buffer.from(`${csvField(songTitle(i))},`))
  const dates = Array.from({ length: options.days }, (_, d) => Buffer.from(`${isoDate(d)},`))
  const fd = openSync(file, 'w')
  const buf = Buffer.allocUnsafe(4 * 1024 * 1024)
  let at = buf.write('Song,Date,Number of Plays\n')
  let written = 0
  let rows = 0
  try {
    while (written + at < options.bytes) {
      if (at > buf.length - 70_000) {
        writeSync(fd, buf, 0, at)
        written += at
        at = 0
      }
      at += songs[random(songs.length)]!.copy(buf, at)
      at += dates[random(dates.length)]!.copy(buf, at)
      at += buf.write(`${1 + random(1000)}\n`, at, 'latin1')
      rows++
    }
    writeSync(fd, buf, 0, at)
  } finally {
    closeSync(fd)
  }
  return { rows }
}
