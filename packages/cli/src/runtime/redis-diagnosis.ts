import { connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import { ConfigurationError, StorageError } from '@oauthflow/core';

/**
 * Why a Redis store could not be used, when the adapter only says it got no connection: a Redis
 * that refuses the URI's password (or wants one) never completes the client's handshake, which
 * looks like a timeout. One short probe — AUTH with the URI's credentials, or PING — tells an
 * authentication failure from a server that is not there.
 *
 * Returns the error to report instead, or undefined when the probe finds nothing better to say.
 */
export async function diagnoseRedis(uri: string, shown: string, timeoutMs = 2000): Promise<Error | undefined> {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') return undefined;
  const host = url.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1';
  const port = Number(url.port || 6379);
  const password = decodeURIComponent(url.password);
  const username = decodeURIComponent(url.username);
  const command = password ? (username ? ['AUTH', username, password] : ['AUTH', password]) : ['PING'];
  let reply: string;
  try {
    reply = await firstReply(url.protocol === 'rediss:' ? connectTls({ host, port, servername: host }) : connectTcp({ host, port }), command, timeoutMs);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code ? new StorageError(`No Redis answers at ${host}:${port} (${code}), the store ${shown}`) : undefined;
  }
  // Redis's own words: WRONGPASS (6+), "invalid password" (5), AUTH without a configured password, NOAUTH.
  if (/^-(WRONGPASS|ERR invalid (username-)?password)/i.test(reply)) {
    return new ConfigurationError(
      `Redis at ${host}:${port} refused the password of the store ${shown} (authentication failed): check the password in --store or OAUTHFLOW_STORE`,
    );
  }
  if (/^-ERR .*(without any password configured|no password is set)/i.test(reply)) {
    return new ConfigurationError(`Redis at ${host}:${port} has no password, but the store ${shown} gives one (authentication failed): remove it from the URI`);
  }
  if (/^-NOAUTH/i.test(reply)) {
    return new ConfigurationError(
      `Redis at ${host}:${port} requires a password (authentication failed): give it in the store URI, e.g. redis://:PASSWORD@${host}:${port}`,
    );
  }
  return undefined;
}

/** Sends one command in RESP and resolves with the first line of the reply. */
function firstReply(socket: Socket, command: readonly string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let received = '';
    const done = (finish: () => void) => {
      socket.destroy();
      clearTimeout(timer);
      finish();
    };
    const timer = setTimeout(() => done(() => reject(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' }))), timeoutMs);
    socket.once('error', (error) => done(() => reject(error)));
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('utf8');
      const end = received.indexOf('\r\n');
      if (end >= 0) done(() => resolve(received.slice(0, end)));
    });
    socket.write(`*${command.length}\r\n${command.map((part) => `$${Buffer.byteLength(part)}\r\n${part}\r\n`).join('')}`);
  });
}
