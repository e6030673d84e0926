import { youtubeSettingsFromEnv, type GoogleEndpoints } from '@oauthflow/youtube';

/** Everything the app reads from its environment: no secret is ever written in the code. */
export interface AppConfig {
  /** Signs the session cookies and derives the forms' CSRF tokens: 32+ random characters, the same on every instance. */
  sessionSecret: string;
  clientId: string;
  clientSecret: string;
  /** The callback URL registered for the client at Google (your load balancer's address + a path). */
  redirectUri: string;
  redirectPath: string;
  redisUrl: string;
  /** Prefix of the app's keys in Redis. */
  redisNamespace: string;
  host: string;
  port: number;
  /** Shown in each page's footer, to see which instance served it. */
  instanceName: string;
  /** Endpoint overrides (tests, local emulators); empty in production. */
  endpoints: Partial<GoogleEndpoints>;
  youtubeBaseURL?: string;
}

/** A missing or invalid setting: the message says which and what to do. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const HELP: Record<string, string> = {
  SESSION_SECRET: 'a random string of 32 or more characters, the same on every instance (e.g. `openssl rand -base64 32`)',
  GOOGLE_CLIENT_ID: 'the client id of your "Web application" OAuth client (Google Cloud console → APIs & Services → Credentials)',
  GOOGLE_CLIENT_SECRET: "that client's secret",
  OAUTH_REDIRECT_URI: 'the redirect URI registered for that client, e.g. https://app.example.com/callback',
  REDIS_URL: 'the Redis server every instance shares, e.g. redis://127.0.0.1:6379',
};

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (value === undefined || value === '') throw new ConfigError(`${name} is not set: set it to ${HELP[name] ?? 'a value'}`);
  return value;
}

/** Reads and checks the settings; throws a ConfigError naming the first one missing or wrong. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const sessionSecret = required(env, 'SESSION_SECRET');
  if (sessionSecret.length < 32) throw new ConfigError(`SESSION_SECRET is too short (${sessionSecret.length} characters): set it to ${HELP['SESSION_SECRET']}`);
  const redirectUri = required(env, 'OAUTH_REDIRECT_URI');
  let redirectPath: string;
  try {
    redirectPath = new URL(redirectUri).pathname;
  } catch {
    throw new ConfigError(`OAUTH_REDIRECT_URI is not a URL: set it to ${HELP['OAUTH_REDIRECT_URI']}`);
  }
  const port = Number(env['PORT'] ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`PORT must be a TCP port number (0 for any free one), got "${env['PORT']}"`);
  const { endpoints, baseURL } = youtubeSettingsFromEnv(env);
  return {
    sessionSecret,
    clientId: required(env, 'GOOGLE_CLIENT_ID'),
    clientSecret: required(env, 'GOOGLE_CLIENT_SECRET'),
    redirectUri,
    redirectPath,
    redisUrl: required(env, 'REDIS_URL'),
    redisNamespace: env['REDIS_NAMESPACE'] || 'web-app',
    host: env['HOST'] || '127.0.0.1',
    port,
    instanceName: env['INSTANCE_NAME'] || `pid ${process.pid}`,
    endpoints,
    ...(baseURL === undefined ? {} : { youtubeBaseURL: baseURL }),
  };
}
