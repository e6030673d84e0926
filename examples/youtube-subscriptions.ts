/**
 * A port of python-youtube's examples/apis/get_subscription_with_oauth.py: authorize with the
 * read-only scope (open the URL, paste back where the browser landed), then save every
 * subscription of the account to subscriptions.json.
 *
 *   OAUTHFLOW_CLIENT_ID=… OAUTHFLOW_CLIENT_SECRET=… pnpm tsx --conditions=@oauthflow/source examples/youtube-subscriptions.ts
 *
 * The same environment variables as youtube-authorize.ts point it at local servers;
 * OAUTHFLOW_OUTPUT_DIR says where subscriptions.json goes.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { Api, youtubeSettingsFromEnv } from '@oauthflow/youtube';

const env = process.env;
const api = new Api({
  clientId: env['OAUTHFLOW_CLIENT_ID'] ?? 'your app id',
  clientSecret: env['OAUTHFLOW_CLIENT_SECRET'] ?? 'your app secret',
  ...youtubeSettingsFromEnv(),
});

// need follows scope
const scope = ['https://www.googleapis.com/auth/youtube.readonly'];
const { url } = await api.getAuthorizationUrl({ scopes: scope });
console.log(`Visit the authorization page (copy it into a browser if none opens):\n${url}`);

const terminal = createInterface({ input: process.stdin, output: process.stdout });
const authResponse = await terminal.question('\nCopy the whole url if you finished the step to authorize:\n');
terminal.close();
await api.generateAccessToken({ authorizationResponse: authResponse });

const subscriptions = await api.getSubscriptionByMe({ mine: true, parts: 'id,snippet', count: null });
const file = join(env['OAUTHFLOW_OUTPUT_DIR'] ?? '.', 'subscriptions.json');
await writeFile(file, JSON.stringify(subscriptions, null, 2));
for (const item of subscriptions.items ?? []) console.log(`  ${item.snippet?.title ?? ''} (${item.snippet?.resourceId?.channelId ?? ''})`);
console.log(`Finished: ${subscriptions.items?.length ?? 0} subscriptions in ${file}.`);
