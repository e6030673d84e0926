import { connect } from 'node:net';

/**
 * Checks that the server behind `url` accepts TCP connections (1 s timeout). When it does not:
 * under `CI=true` it throws, so a missing service fails the run; elsewhere it prints a loud
 * warning naming `envVar` and resolves false, so the caller can skip its tests.
 *
 * @example
 * const url = process.env.OAUTHFLOW_REDIS_URL ?? 'redis://127.0.0.1:6379';
 * const available = await requireService('Redis', url, 'OAUTHFLOW_REDIS_URL');
 * describe.runIf(available)('RedisStorage', () => { ... });
 */
export async function requireService(name: string, url: string, envVar: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  const host = hostname.replace(/^\[(.*)\]$/, '$1') || '127.0.0.1';
  const reachable = await canConnect(host, Number(port) || defaultPort(url));
  if (reachable) return true;
  const where = `${host}:${port || defaultPort(url)}`;
  if (process.env['CI'] === 'true') {
    throw new Error(`${name} is not reachable at ${where} and CI=true requires it: start it, or set ${envVar}`);
  }
  console.warn(
    [
      '',
      `!!!!! SKIPPING the ${name} tests: nothing answers at ${where}.`,
      `!!!!! Start ${name} there, or set ${envVar} to a server's URL. Under CI=true this is a failure.`,
      '',
    ].join('\n'),
  );
  return false;
}

function defaultPort(url: string): number {
  if (/^rediss?:/.test(url)) return 6379;
  if (/^postgres(ql)?:/.test(url)) return 5432;
  return 0;
}

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
