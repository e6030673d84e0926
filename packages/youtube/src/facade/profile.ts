/** python-youtube's `UserProfile`: who authorized, from the userinfo endpoint. */
export interface UserProfile {
  /** The Google account id (the `sub` claim). */
  id: string;
  name?: string;
  givenName?: string;
  familyName?: string;
  picture?: string;
  locale?: string;
}

/** Reads an OpenID Connect userinfo body (`sub`) or Google's older v2 one (`id`). */
export function toUserProfile(body: unknown): UserProfile {
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const text = (name: string): string | undefined => (typeof fields[name] === 'string' ? fields[name] : undefined);
  const id = text('sub') ?? text('id') ?? '';
  const profile: UserProfile = { id };
  const optional: Array<[Exclude<keyof UserProfile, 'id'>, string]> = [
    ['name', 'name'],
    ['givenName', 'given_name'],
    ['familyName', 'family_name'],
    ['picture', 'picture'],
    ['locale', 'locale'],
  ];
  for (const [field, claim] of optional) {
    const value = text(claim);
    if (value !== undefined) profile[field] = value;
  }
  return profile;
}
