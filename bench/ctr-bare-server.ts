// The baseline: a bare node:http server answering every request with a constant JSON
// body of the size /predict returns, after reading the request body as /predict must.
import { createServer } from 'node:http'

const port = Number(process.env.PORT)
const body = process.env.BARE_BODY ?? '{}'
createServer((request, response) => {
  const chunks: Buffer[] = []
  request.on('data', (c: Buffer) => chunks.push(c))
  request.on('end', () => {
    response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) })
    response.end(body)
  })
}).listen(port, '127.0.0.1')
