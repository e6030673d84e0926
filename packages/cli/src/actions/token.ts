import { ConfigurationError, NoCredentialsError } from '@oauthflow/core';
import type { TokenFlags } from '../commands/token.js';
import { freshCredentials } from '../runtime/flow.js';
import { formatToken, tokenFormat } from '../runtime/token-output.js';
import { withSession } from '../runtime/session.js';

/**
 * `oauthflow token`: a fresh access token on stdout and nothing else. A stored token that is
 * still fresh is printed without contacting any server (and without needing the client secret).
 */
export async function token(flags: TokenFlags): Promise<void> {
  const format = tokenFormat(flags);
  await withSession(flags, async (session) => {
    const stored = await session.stored();
    if (stored === undefined) throw new NoCredentialsError(`No credentials are stored under "${session.key}" in ${session.store.display}`, session.key);
    let client;
    try {
      client = await session.client();
    } catch (error) {
      // Without client settings a fresh token can still be printed; a stale one cannot be renewed.
      if (!(error instanceof ConfigurationError) || stored.needsRefresh()) throw error;
    }
    const credentials = client === undefined ? stored : await freshCredentials(await session.flow(), client);
    process.stdout.write(formatToken(credentials, session.key, format));
  });
}
