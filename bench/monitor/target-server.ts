// The websites of `npm run bench -- monitor`: one process listening on many ports of
// 127.0.0.1 (many origins, as real websites are), answering a small page at once.
import { createServer } from 'node:http'

const ports = (process.env.PORTS ?? '').split(',').map(Number)
const page = Buffer.from(`<html><head><title>Shop</title></head><body><h1>Welcome</h1>${'<p>Lorem ipsum dolor sit amet, price <b>42</b> EUR.</p>'.repeat(20)}</body></html>`)
for (const port of ports) {
  const server = createServer((request, response) => {
    request.resume()
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': page.length })
    response.end(page)
  })
  // Longer than the 5 s interval, so an idle keep-alive connection is still there for the next check.
  server.keepAliveTimeout = 65_000
  server.listen(port, '127.0.0.1')
}
