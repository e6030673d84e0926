import envPaths from 'env-paths';

/** The user's directories for oauthflow (XDG on Linux, ~/Library on macOS, %APPDATA% on Windows). */
export interface OAuthflowPaths {
  /** Where the default store lives. */
  data: string;
  /** Where config.json and the saved client settings live. */
  config: string;
}

/** The directories, read from the environment on each call (tests point XDG_* elsewhere). */
export function oauthflowPaths(): OAuthflowPaths {
  const paths = envPaths('oauthflow', { suffix: '' });
  return { data: paths.data, config: paths.config };
}
