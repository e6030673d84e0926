// Type tests of the public API: checked by `tsc -p tsconfig.tests.json` (part of `pnpm test`), never
// run. A broken expectation, or an `@ts-expect-error` that no longer errors, fails the type check.
import axios, { type AxiosInstance } from 'axios';
import oldestAxios from 'axios-oldest';
import { Keyv } from 'keyv';
import { Keyv as OldestKeyv } from 'keyv-oldest';
import { describe, expectTypeOf, it } from 'vitest';
import {
  APIRequestError,
  Credentials,
  ErrorCodes,
  KeyvStorage,
  MemoryStorage,
  OAuth2APIRequest,
  OAuth2AuthorizationFlow,
  OAuth2Error,
  OAuthFlowError,
  openStorage,
  type AxiosLike,
  type ErrorCode,
  type ExtraAuthParams,
  type ExtraTokenParams,
  type FlowOptions,
  type KeyvLike,
  type RequiredParams,
  type Storage,
  type TokenSource,
} from '@oauthflow/core';
import { YouTubeAPIRequest, type YouTubeOptions } from '@oauthflow/youtube';

declare const required: RequiredParams;
declare const flow: OAuth2AuthorizationFlow;

describe('axios and keyv from any copy', () => {
  it('takes an axios instance from this copy, another copy, or the default export', () => {
    expectTypeOf(axios.create()).toExtend<AxiosLike>();
    expectTypeOf(oldestAxios.create()).toExtend<AxiosLike>();
    expectTypeOf(oldestAxios).toExtend<AxiosLike>();
    expectTypeOf<{ axios: ReturnType<typeof oldestAxios.create> }>().toExtend<ConstructorParameters<typeof OAuth2APIRequest>[1]>();
    expectTypeOf<{ http: ReturnType<typeof oldestAxios.create> }>().toExtend<FlowOptions>();
    expectTypeOf<{ axios: ReturnType<typeof oldestAxios.create> }>().toExtend<ConstructorParameters<typeof YouTubeAPIRequest>[1]>();
    expectTypeOf<{ axios: ReturnType<typeof oldestAxios.create> }>().toExtend<YouTubeOptions>();
  });

  it('refuses what is not an axios instance', () => {
    expectTypeOf<{ request: () => void }>().not.toExtend<AxiosLike>();
    expectTypeOf(fetch).not.toExtend<AxiosLike>();
  });

  it('exposes the instance with full axios types', () => {
    expectTypeOf<OAuth2APIRequest['http']>().toEqualTypeOf<AxiosInstance>();
    expectTypeOf(new OAuth2APIRequest('token').request<{ id: string }>('/me')).toEqualTypeOf<Promise<{ id: string }>>();
  });

  it('KeyvStorage takes a Keyv from this copy or another, not any map', () => {
    expectTypeOf(new Keyv()).toExtend<KeyvLike>();
    expectTypeOf(new OldestKeyv()).toExtend<KeyvLike>();
    expectTypeOf(new Map<string, unknown>()).not.toExtend<KeyvLike>();
    expectTypeOf(new KeyvStorage(new OldestKeyv())).toExtend<Storage>();
  });
});

describe('the flow (DESIGN.md signatures)', () => {
  it('constructs from the three pyoauth2 parameter objects', () => {
    expectTypeOf(OAuth2AuthorizationFlow).constructorParameters.toEqualTypeOf<
      [required: RequiredParams, extraAuthParams?: ExtraAuthParams, extraTokenParams?: ExtraTokenParams, options?: FlowOptions]
    >();
    expectTypeOf(new OAuth2AuthorizationFlow(required)).toEqualTypeOf<OAuth2AuthorizationFlow>();
  });

  it('returns credentials, tokens and URLs', () => {
    expectTypeOf(flow.getAuthorizationUrl()).resolves.toExtend<{ url: string; state: string }>();
    expectTypeOf(flow.exchangeCode).returns.resolves.toEqualTypeOf<Credentials>();
    expectTypeOf(flow.retrieveToken).returns.resolves.toEqualTypeOf<Credentials>();
    expectTypeOf(flow.getCredentials).returns.resolves.toEqualTypeOf<Credentials>();
    expectTypeOf(flow.getAccessToken).returns.resolves.toEqualTypeOf<string>();
    expectTypeOf(flow.refresh).returns.resolves.toEqualTypeOf<Credentials>();
    expectTypeOf(flow.revoke).returns.resolves.toEqualTypeOf<void>();
    expectTypeOf(flow.clientCredentials).returns.resolves.toEqualTypeOf<Credentials>();
  });

  it('API requests take a token, credentials or a flow', () => {
    expectTypeOf<string>().toExtend<TokenSource>();
    expectTypeOf<Credentials>().toExtend<TokenSource>();
    expectTypeOf<OAuth2AuthorizationFlow>().toExtend<TokenSource>();
    expectTypeOf<YouTubeAPIRequest>().toExtend<OAuth2APIRequest>();
  });
});

describe('credentials and storage', () => {
  it('credentials are immutable and never any', () => {
    const credentials = new Credentials({ accessToken: 'a' });
    expectTypeOf(credentials.accessToken).toEqualTypeOf<string>();
    expectTypeOf(credentials.refreshToken).toEqualTypeOf<string | undefined>();
    expectTypeOf(credentials.expiresAt).toEqualTypeOf<Date | undefined>();
    // @ts-expect-error readonly
    credentials.accessToken = 'b';
    expectTypeOf(Credentials.fromJSON).parameter(0).toEqualTypeOf<unknown>();
  });

  it('storages share one contract', () => {
    expectTypeOf<MemoryStorage>().toExtend<Storage>();
    expectTypeOf(openStorage).returns.resolves.toEqualTypeOf<Storage>();
    expectTypeOf<Storage['get']>().returns.resolves.toEqualTypeOf<Credentials | undefined>();
  });
});

describe('errors', () => {
  it('every error is an OAuthFlowError with a stable code', () => {
    expectTypeOf<OAuth2Error>().toExtend<OAuthFlowError>();
    expectTypeOf<APIRequestError>().toExtend<OAuthFlowError>();
    expectTypeOf<OAuthFlowError['code']>().toEqualTypeOf<ErrorCode>();
    expectTypeOf(ErrorCodes.API_REQUEST).toExtend<ErrorCode>();
    expectTypeOf<APIRequestError['status']>().toEqualTypeOf<number>();
    expectTypeOf<APIRequestError['body']>().toEqualTypeOf<unknown>();
    expectTypeOf<OAuth2Error['error']>().toEqualTypeOf<string>();
  });
});
