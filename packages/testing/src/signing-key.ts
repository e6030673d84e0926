import { generateKeyPair, randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import type { JWK } from 'oidc-provider';

const generate = promisify(generateKeyPair);

// One key per process: RSA generation costs tens of milliseconds and tests start many servers.
let cached: Promise<JWK> | undefined;

/**
 * An RS256 private signing key (JWK) for ID tokens, so oidc-provider does not fall back to (and
 * warn about) its development keystore.
 */
export function signingKey(): Promise<JWK> {
  cached ??= generate('rsa', { modulusLength: 2048 }).then(({ privateKey }) => ({
    ...privateKey.export({ format: 'jwk' }),
    kid: randomUUID(),
    use: 'sig',
    alg: 'RS256',
  }));
  return cached;
}
