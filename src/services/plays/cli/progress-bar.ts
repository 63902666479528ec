const WIDTH = 28

function mb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1)
}

/**
 * A one-line progress bar on stderr, redrawn at most ten times a second; on something
 * other than a terminal it prints only the final line.
 */
export class ProgressBar {
  private readonly started = Date.now()
  private drawn = 0
  private current = 0

  constructor(
    private readonly label: string,
    private total: number,
    private readonly unit: 'bytes' | 'percent' = 'bytes',
    private readonly out: NodeJS.WriteStream = process.stderr,
  ) {}

  update(value: number, total = this.total): void {
    this.current = value
    this.total = total
    if (this.out.isTTY && Date.now() - this.drawn >= 100) this.draw()
  }

  done(note = ''): void {
    this.current = this.total
    this.draw(note)
    this.out.write('\n')
  }

  private draw(note = ''): void {
    this.drawn = Date.now()
    const fraction = this.total > 0 ? Math.min(1, this.current / this.total) : 1
    const filled = Math.round(fraction * WIDTH)
    const bar = `${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}`
    const seconds = Math.max((Date.now() - this.started) / 1000, 0.001)
    const figures = this.unit === 'bytes' ? ` ${mb(this.current)}/${mb(this.total)} MB ${mb(this.current / seconds)} MB/s` : ''
    const line = `${this.label.padEnd(11)} ${bar} ${String(Math.floor(fraction * 100)).padStart(3)}%${figures}${note ? ` ${note}` : ''}`
    this.out.write(this.out.isTTY ? `\r${line}\x1b[K` : line)
  }
}
