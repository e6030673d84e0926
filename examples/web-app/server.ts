/**
 * "Connect your YouTube account", as a web app that runs as many instances behind one Redis:
 * start the login on one, land the callback on another. See README.md beside this file.
 *
 *   SESSION_SECRET=… GOOGLE_CLIENT_ID=… GOOGLE_CLIENT_SECRET=… \
 *   OAUTH_REDIRECT_URI=https://app.example.com/callback REDIS_URL=redis://127.0.0.1:6379 PORT=3000 \
 *     pnpm --filter @oauthflow/example-web-app start
 */
import { RedisStorage } from '@oauthflow/storage-redis';
import { createGoogleFlow } from '@oauthflow/youtube';
import { buildApp } from './app.js';
import { type AppConfig, ConfigError, loadConfig } from './config.js';

/** The settings, or exit with the one message that says what is missing (no stack trace). */
function configOrExit(): AppConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`web-app: ${error.message}`);
    process.exit(1);
  }
}

const config = configOrExit();

const storage = new RedisStorage({ url: config.redisUrl, namespace: config.redisNamespace });
// One flow for every user: forKey(`user:${id}`) per request; hot credentials stay in memory.
const flow = createGoogleFlow({
  clientId: config.clientId,
  clientSecret: config.clientSecret,
  redirectUri: config.redirectUri,
  scopes: ['https://www.googleapis.com/auth/youtube.readonly'],
  endpoints: config.endpoints,
  storage,
  cacheSize: 10_000,
});
const app = await buildApp(config, flow);
await app.listen({ host: config.host, port: config.port });
const address = app.server.address();
const port = typeof address === 'object' && address !== null ? address.port : config.port;
console.log(`web-app (${config.instanceName}) listening on http://${config.host}:${port}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void app
      .close()
      .then(() => storage.close())
      .finally(() => process.exit(0));
  });
}
