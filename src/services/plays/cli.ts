import type { Command } from 'commander'
import { submitFile } from './cli/submit-file.ts'

/** `flotilla plays submit FILE [-o OUT]`: talks HTTP to a running Flotilla, like any client. */
export function playsCli(command: Command): void {
  command
    .command('submit')
    .description('upload a Song,Date,Number of Plays CSV to a running Flotilla, follow the task, download the sorted totals')
    .argument('<file>', 'the CSV file')
    .option('-o, --output <file>', 'where to write the result (default: next to the input, NAME_processed.csv)')
    .option('--url <url>', 'the running Flotilla', process.env.FLOTILLA_URL ?? 'http://127.0.0.1:8080')
    .option('--on-error <mode>', 'fail: the first bad row fails the task; skip: leave bad rows out', 'fail')
    .action(async (file: string, options: { output?: string; url: string; onError: string }) => {
      if (options.onError !== 'fail' && options.onError !== 'skip') throw new Error('--on-error must be fail or skip')
      const target = await submitFile({ file, output: options.output, url: options.url, onError: options.onError, token: process.env.FLOTILLA_TOKEN })
      console.log(`wrote ${target}`)
    })
}
