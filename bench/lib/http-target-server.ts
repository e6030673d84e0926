/**
 * The API the request benches call: a plain node:http server in its own process (so its CPU time
 * is not billed to the client being measured). Prints `{"port":N}` when listening; exits when
 * its parent closes stdin.
 *
 * GET /hold answers only after GET /release; GET /held says how many are waiting. Any other
 * path answers a small JSON body at once.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const BODY = JSON.stringify({ id: 'UC_x5XG1OV2P6uZZ5FSM9Ttw', kind: 'youtube#channel', ok: true });
const HEADERS = { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(BODY) };
let held: ServerResponse[] = [];

const server = createServer((request, response) => {
  if (request.url === '/hold') {
    held.push(response);
    return;
  }
  if (request.url === '/release') {
    for (const waiting of held) waiting.writeHead(200, HEADERS).end(BODY);
    held = [];
  }
  if (request.url === '/held') {
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ held: held.length }));
    return;
  }
  response.writeHead(200, HEADERS).end(BODY);
});
// Longer than any pause in a bench: a socket the server closes while the client reuses it is an ECONNRESET.
server.keepAliveTimeout = 120_000;
server.headersTimeout = 0;
server.requestTimeout = 0;

server.listen({ port: 0, host: '127.0.0.1', backlog: 16_384 }, () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
});
process.stdin.resume().on('end', () => process.exit(0));
