import { DATE_SPAN, MAX_SONG_ID, PairTable } from './pair-table.ts'
import type { RowTarget } from './row-parser.ts'
import { SongTable } from './song-table.ts'

/**
 * What the parser fills: songs → ids, (id, date) → total. It grows while its budget
 * allows; past that, `add` returns false and the caller writes it out (to partitions, or
 * as a sorted run) and resets it. Its byte count includes the scratch that sorting it takes.
 */
export class KeyTable implements RowTarget {
  readonly songs: SongTable
  readonly pairs: PairTable

  constructor(readonly budgetBytes: number) {
    const canAllocate = (bytes: number): boolean => this.bytes + bytes <= this.budgetBytes
    this.songs = new SongTable(canAllocate)
    this.pairs = new PairTable(canAllocate)
  }

  get bytes(): number {
    // Sorting for a spill also takes a rank and an order entry per song.
    return this.songs.bytes + this.pairs.bytes + this.songs.entries.length * 4
  }

  get count(): number {
    return this.pairs.count
  }

  add(src: Uint8Array, start: number, len: number, hash: number, date: number, plays: number): boolean {
    const song = this.songs.id(src, start, len, hash)
    return song >= 0 && song < MAX_SONG_ID && this.pairs.add(song, date, plays)
  }

  addBig(src: Uint8Array, start: number, len: number, hash: number, date: number, plays: bigint): boolean {
    const song = this.songs.id(src, start, len, hash)
    return song >= 0 && song < MAX_SONG_ID && this.pairs.addExact(song, date, plays)
  }

  /** The exact total of a pair whose sum is NaN. */
  bigTotal(song: number, date: number): bigint {
    return this.pairs.big.get(song * DATE_SPAN + date + 1)!
  }

  reset(): void {
    this.songs.reset()
    this.pairs.reset()
  }
}
