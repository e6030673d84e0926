// Type-checked by the consumer test with the installed tarballs, under `nodenext` and `bundler`
// resolution: the public API accepts the application's own axios and keyv, whatever their copy.
import axios from 'axios';
import axiosLatest from 'axios-latest';
import { Keyv } from 'keyv';
import {
  APIRequestError,
  Credentials,
  KeyvStorage,
  OAuth2APIRequest,
  OAuth2AuthorizationFlow,
  openStorage,
  type FlowOptions,
  type Storage,
} from '@oauthflow/core';
import { run } from '@oauthflow/cli';
import { PostgresStorage } from '@oauthflow/storage-postgres';
import { RedisStorage } from '@oauthflow/storage-redis';
import { SQLiteStorage } from '@oauthflow/storage-sqlite';
import { storageTestSuite } from '@oauthflow/storage-test-suite';
import { startAuthorizationServer } from '@oauthflow/testing';
import { YouTubeAPIRequest } from '@oauthflow/youtube';

const options: FlowOptions = { http: axios.create(), storage: new KeyvStorage(new Keyv()) };
const latest: FlowOptions = { http: axiosLatest.create() };
const flow = new OAuth2AuthorizationFlow(
  { client_id: 'id', auth_uri: 'https://a.example/auth', token_uri: 'https://a.example/token', scope: 'openid', redirect_uri: 'http://127.0.0.1/cb' },
  {},
  {},
  options,
);
const api = new OAuth2APIRequest(flow, { axios: axios.create(), baseURL: 'https://api.example' });
const youtube = new YouTubeAPIRequest('token', { axios: axiosLatest.create() });
const body: Promise<{ id: string }> = api.request<{ id: string }>('/me');
const stores: Storage[] = [
  new SQLiteStorage({ path: ':memory:' }),
  new RedisStorage({ url: 'redis://127.0.0.1' }),
  new PostgresStorage({ url: 'postgres://127.0.0.1/db' }),
];
const error: APIRequestError | undefined = undefined;
const credentials: Credentials = Credentials.fromJSON({ version: 1, access_token: 'a', token_type: 'Bearer' });
const opened: Promise<Storage> = openStorage('memory:');
const exitCode: Promise<number> = run(['--help']);

export { body, credentials, error, exitCode, latest, opened, startAuthorizationServer, storageTestSuite, stores, youtube };
