/** Google's short scope names and the URLs its token responses report them as. */
const SCOPE_ALIASES: Record<string, string> = {
  email: 'https://www.googleapis.com/auth/userinfo.email',
  profile: 'https://www.googleapis.com/auth/userinfo.profile',
};

/** The scopes Google allows in the device flow (OAuth 2.0 for TV and Limited-Input Device Applications). */
export const DEVICE_FLOW_SCOPES = new Set([
  'openid',
  SCOPE_ALIASES['email'],
  SCOPE_ALIASES['profile'],
  'https://www.googleapis.com/auth/drive.appdata',
  'https://www.googleapis.com/auth/drive.file',
  'https://www.googleapis.com/auth/youtube',
  'https://www.googleapis.com/auth/youtube.readonly',
]);

/** A scope parameter as Google reports it back: short names expanded, duplicates dropped. */
export function parseScope(scope: string | null): string[] {
  return [
    ...new Set(
      (scope ?? '')
        .split(/[\s+]+/)
        .filter(Boolean)
        .map((s) => SCOPE_ALIASES[s] ?? s),
    ),
  ];
}

/** True when `scope` grants the named userinfo part. */
export function grants(scope: readonly string[], part: 'email' | 'profile'): boolean {
  return scope.includes(SCOPE_ALIASES[part] ?? part);
}
