import type { GoogleEndpoints } from './google-provider.js';

/** Where {@link youtubeSettingsFromEnv} found endpoints and base URLs. */
export interface YouTubeEnvSettings {
  endpoints: Partial<GoogleEndpoints>;
  baseURL?: string;
  uploadBaseURL?: string;
}

const ENDPOINT_VARIABLES: ReadonlyArray<[keyof GoogleEndpoints, string]> = [
  ['authorization', 'OAUTHFLOW_GOOGLE_AUTH_URI'],
  ['token', 'OAUTHFLOW_GOOGLE_TOKEN_URI'],
  ['revocation', 'OAUTHFLOW_GOOGLE_REVOKE_URI'],
  ['deviceAuthorization', 'OAUTHFLOW_GOOGLE_DEVICE_URI'],
  ['userinfo', 'OAUTHFLOW_GOOGLE_USERINFO_URI'],
];

/**
 * Reads endpoint overrides from the environment, so one program runs against Google or against
 * local servers (tests, demos): `OAUTHFLOW_GOOGLE_AUTH_URI`, `OAUTHFLOW_GOOGLE_TOKEN_URI`,
 * `OAUTHFLOW_GOOGLE_REVOKE_URI`, `OAUTHFLOW_GOOGLE_DEVICE_URI`, `OAUTHFLOW_GOOGLE_USERINFO_URI`,
 * `OAUTHFLOW_YOUTUBE_BASE_URL` and `OAUTHFLOW_YOUTUBE_UPLOAD_URL`. Unset variables are left out.
 *
 * @example
 * const api = new Api({ clientId, clientSecret, ...youtubeSettingsFromEnv() });
 */
export function youtubeSettingsFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): YouTubeEnvSettings {
  const endpoints: Partial<GoogleEndpoints> = {};
  for (const [name, variable] of ENDPOINT_VARIABLES) {
    const value = env[variable];
    if (value) endpoints[name] = value;
  }
  const settings: YouTubeEnvSettings = { endpoints };
  if (env['OAUTHFLOW_YOUTUBE_BASE_URL']) settings.baseURL = env['OAUTHFLOW_YOUTUBE_BASE_URL'];
  if (env['OAUTHFLOW_YOUTUBE_UPLOAD_URL']) settings.uploadBaseURL = env['OAUTHFLOW_YOUTUBE_UPLOAD_URL'];
  return settings;
}
