import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Every test server binds here only: nothing on the machine's other interfaces. */
export const HOST = '127.0.0.1';

/** Listens on 127.0.0.1:`port` (0: a free one) and resolves with the port; a bind error rejects. */
export function listen(server: Server, port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, HOST, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
