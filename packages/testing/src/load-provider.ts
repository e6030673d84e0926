import type Provider from 'oidc-provider';

let loading: Promise<typeof Provider> | undefined;

/**
 * Loads oidc-provider once. It warns "Unsupported runtime" on every Node 20 import, though 9.x
 * works there: that one known line is held back so test and demo output stay readable.
 */
export function loadProvider(): Promise<typeof Provider> {
  loading ??= (async () => {
    const warn = console.warn;
    console.warn = (...args: unknown[]) => {
      if (typeof args[0] === 'string' && args[0].includes('oidc-provider WARNING: Unsupported runtime')) return;
      warn(...args);
    };
    try {
      return (await import('oidc-provider')).default;
    } finally {
      console.warn = warn;
    }
  })();
  return loading;
}
