import type { Account, FindAccount } from 'oidc-provider';

/** Subject of the only user; every interactive login logs this user in. */
export const TEST_USER_ID = 'test-user';

/** Claims of the test user, released per scope (profile → name, email → email claims). */
export const TEST_USER_CLAIMS = {
  sub: TEST_USER_ID,
  name: 'Test User',
  email: 'test@example.com',
  email_verified: true,
} as const;

/** Which claims each scope releases (oidc-provider's `claims` option). */
export const SCOPE_CLAIMS = {
  openid: ['sub'],
  profile: ['name'],
  email: ['email', 'email_verified'],
};

/** oidc-provider `findAccount`: knows only the test user. */
export const findAccount: FindAccount = (_ctx, sub) => {
  if (sub !== TEST_USER_ID) return undefined;
  const account: Account = {
    accountId: TEST_USER_ID,
    claims: () => ({ ...TEST_USER_CLAIMS }),
  };
  return account;
};
