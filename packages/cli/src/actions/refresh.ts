import { NoCredentialsError } from '@oauthflow/core';
import type { KeyFlags } from '../commands/token.js';
import { createFlow, requireSecret } from '../runtime/flow.js';
import { freshLoginStorage } from '../runtime/fresh-login-storage.js';
import { describeCredentials, summarize } from '../runtime/format.js';
import { emit } from '../runtime/output.js';
import { withSession } from '../runtime/session.js';

/**
 * `oauthflow refresh`: a new access token now. A client credentials login gets a new token by
 * that grant (it has no refresh token).
 */
export async function refresh(flags: KeyFlags): Promise<void> {
  await withSession(flags, async (session) => {
    const client = await session.client();
    requireSecret(client, session.key);
    let credentials;
    if (client.client.grant === 'client_credentials') {
      // Hide the current token from the grant so it fetches a new one; it is replaced only on success.
      const flow = createFlow(client, freshLoginStorage(session.store.storage, session.key), session.key);
      credentials = await flow.clientCredentials({ scope: client.client.scope });
    } else {
      if ((await session.stored()) === undefined) throw new NoCredentialsError(`No credentials are stored under "${session.key}" in ${session.store.display}`, session.key);
      credentials = await (await session.flow()).refresh();
    }
    emit(flags, { key: session.key, store: session.store.display, ...describeCredentials(credentials) },
      () => `Refreshed "${session.key}" (${summarize(credentials)})`);
  });
}
