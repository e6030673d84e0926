import { describe, expect, it } from 'vitest';
import { ConfigurationError, parseCallback } from '@oauthflow/core';

describe('parseCallback', () => {
  it('reads a full redirect URL', () => {
    expect(parseCallback('https://localhost/?code=abc&state=xyz&iss=https%3A%2F%2Fas')).toEqual({ code: 'abc', state: 'xyz', iss: 'https://as' });
  });
  it('reads an error redirect', () => {
    expect(parseCallback('http://127.0.0.1:5000/callback?error=access_denied&error_description=no&state=s')).toEqual({
      error: 'access_denied',
      errorDescription: 'no',
      state: 's',
    });
  });
  it('reads a bare code and a bare query', () => {
    expect(parseCallback('  4/0AbCd-xyz  ')).toEqual({ code: '4/0AbCd-xyz' });
    expect(parseCallback('code=1&state=2')).toEqual({ code: '1', state: '2' });
    expect(parseCallback('?code=1')).toEqual({ code: '1' });
  });
  it('refuses empty input and URLs without code or error', () => {
    expect(() => parseCallback('')).toThrow(ConfigurationError);
    expect(() => parseCallback('https://localhost/?foo=1')).toThrow(/neither a code nor an error/);
    expect(() => parseCallback('two words')).toThrow(ConfigurationError);
  });
});
