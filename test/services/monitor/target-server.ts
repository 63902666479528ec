import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export const PAGE = '<html><head><title>Shop</title></head><body><h1>Hello <i>Flotilla</i></h1><p>price: <b>42</b> EUR, tax: <b>7</b> EUR</p></body></html>'

export interface TargetServer {
  url: (path: string) => string
  /** TCP connections accepted so far (keep-alive reuse shows as few). */
  connections: number
  requests: Map<string, number>
  /** Answers of /flaky: the next ones, in order (then 200). */
  flaky: number[]
  close(): Promise<void>
}

/**
 * A local website with every misbehaviour a check must survive: slow, failing,
 * redirecting (in a loop too), huge, and one that never answers.
 */
export async function startTargetServer(): Promise<TargetServer> {
  const pending = new Set<ServerResponse>()
  const target: TargetServer = { url: () => '', connections: 0, requests: new Map(), flaky: [], close: async () => {} }
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://x')
    target.requests.set(url.pathname, (target.requests.get(url.pathname) ?? 0) + 1)
    switch (url.pathname) {
      case '/ok':
        return void response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE)
      case '/error':
        return void response.writeHead(500).end('boom')
      case '/flaky':
        return void response.writeHead(target.flaky.shift() ?? 200).end('flaky')
      case '/slow':
        setTimeout(() => response.writeHead(200).end('slow'), Number(url.searchParams.get('ms') ?? 1000)).unref()
        return
      case '/redirect': {
        const n = Number(url.searchParams.get('n') ?? 1)
        return void response.writeHead(302, { location: n > 1 ? `/redirect?n=${n - 1}` : '/ok' }).end()
      }
      case '/loop':
        return void response.writeHead(302, { location: '/loop' }).end()
      case '/huge': {
        response.writeHead(200, { 'content-type': 'text/html' })
        const chunk = Buffer.alloc(64 * 1024, 'a')
        let sent = 0
        const write = (): void => {
          while (sent < 64 * 1024 * 1024) {
            sent += chunk.length
            if (!response.write(chunk)) return void response.once('drain', write)
          }
          response.end()
        }
        response.on('close', () => (sent = Number.POSITIVE_INFINITY))
        return write()
      }
      case '/never':
        pending.add(response)
        return
      default:
        return void response.writeHead(404).end('not found')
    }
  })
  server.on('connection', () => (target.connections += 1))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  target.url = (path) => `http://127.0.0.1:${port}${path}`
  target.close = async () => {
    for (const r of pending) r.destroy()
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }
  return target
}

/** A port nothing listens on: connections are refused. */
export async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}
