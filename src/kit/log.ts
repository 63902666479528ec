import pino, { type Logger, type LoggerOptions } from 'pino'

/** Keys whose values never reach a log line, wherever they appear in an object. */
export const REDACTED = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
  'token',
  '*.token',
  'password',
  '*.password',
]

/** JSON lines, except on a terminal, where pino-pretty makes them readable. */
export function createLogger(level: string, options: LoggerOptions = {}): Logger {
  const pretty = process.stdout.isTTY && level !== 'silent'
  return pino({
    level,
    redact: { paths: REDACTED, censor: '[redacted]' },
    ...(pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname' } } } : {}),
    ...options,
  })
}
