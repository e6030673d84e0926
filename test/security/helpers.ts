import { connect } from 'node:net';

/** What a raw HTTP exchange came back with. */
export interface RawResponse {
  status: number;
  body: string;
  headers: string;
}

/**
 * Sends `request` byte for byte to 127.0.0.1:`port` (any Host header, any request line: what
 * fetch refuses to send) and reads the answer until the server closes the connection.
 */
export function rawRequest(port: number, request: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.setTimeout(10_000, () => socket.destroy(new Error(`no answer from port ${port} in 10 s`)));
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('utf8');
    });
    socket.on('error', reject);
    socket.on('close', () => {
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(received);
      if (!match) {
        reject(new Error(`not an HTTP answer: ${JSON.stringify(received.slice(0, 200))}`));
        return;
      }
      const split = received.indexOf('\r\n\r\n');
      resolve({ status: Number(match[1]), headers: received.slice(0, split), body: received.slice(split + 4) });
    });
    socket.write(request);
  });
}

/** A GET with a chosen Host header, closing the connection after the answer. */
export function getWithHost(port: number, target: string, host: string | undefined): Promise<RawResponse> {
  const hostLine = host === undefined ? '' : `Host: ${host}\r\n`;
  return rawRequest(port, `GET ${target} HTTP/1.1\r\n${hostLine}Connection: close\r\n\r\n`);
}

/**
 * The hostile requests a local process (or a web page via DNS rebinding) can send to a waiting
 * loopback receiver, each with the reason it must be refused. `state` is the pending state, which
 * only the last ones know (as the server another tab was mixed up with would).
 */
export function hostileRequests(port: number, path: string, state: string): Array<[string, () => Promise<RawResponse>]> {
  const host = `127.0.0.1:${port}`;
  return [
    ['a Host with a space', () => getWithHost(port, `${path}?code=x&state=${state}`, 'a b')],
    ['a Host that is a lone bracket', () => getWithHost(port, `${path}?code=x&state=${state}`, '[')],
    ['a DNS-rebinding Host', () => getWithHost(port, `${path}?code=x&state=${state}`, `evil.example:${port}`)],
    ['the right host on another port', () => getWithHost(port, `${path}?code=x&state=${state}`, '127.0.0.1:1')],
    ['no Host at all (HTTP/1.0)', () => rawRequest(port, `GET ${path}?code=x&state=${state} HTTP/1.0\r\n\r\n`)],
    ['an absolute-form request target', () => getWithHost(port, `http://evil.example${path}?code=x&state=${state}`, host)],
    ['a scheme-relative request target', () => getWithHost(port, `//evil.example${path}?code=x&state=${state}`, host)],
    ['garbage instead of a request line', () => rawRequest(port, '\u0001\u0002 garbage\r\n\r\n')],
    ['a code with a junk state', () => getWithHost(port, `${path}?code=attacker-code&state=junk`, host)],
    ['a code with no state', () => getWithHost(port, `${path}?code=attacker-code`, host)],
    ['an error with a junk state', () => getWithHost(port, `${path}?error=access_denied&state=junk`, host)],
    ['neither code nor error', () => getWithHost(port, `${path}?state=${state}`, host)],
    ['malformed percent-encoding', () => getWithHost(port, `${path}?code=%E0%A4%A&state=%ZZ`, host)],
    ['a POST', () => rawRequest(port, `POST ${path}?code=x&state=${state} HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`)],
    [
      'the right state from another issuer (mix-up)',
      () => getWithHost(port, `${path}?code=attacker-code&state=${state}&iss=${encodeURIComponent('https://evil.example/<script>alert(1)</script>')}`, host),
    ],
  ];
}
