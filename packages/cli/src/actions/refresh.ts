import { NoCredentialsError } from '@oauthflow/core';
import type { KeyFlags } from '../commands/token.js';
import { createFlow, requireSecret } from '../runtime/flow.js';
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
      const flow = createFlow(client, session.store.storage, session.key);
      credentials = await flow.clientCredentials({ scope: client.client.scope, force: true });
    } else {
      if ((await session.stored()) === undefined)
        throw new NoCredentialsError(`No credentials are stored under "${session.key}" in ${session.store.display}`, session.key);
      credentials = await (await session.flow()).refresh();
    }
    emit(
      flags,
      { key: session.key, store: session.store.display, ...describeCredentials(credentials) },
      () => `Refreshed "${session.key}" (${summarize(credentials)})`,
    );
  });
}
