import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAuthorizationServer } from '../src/index.js';
import type { AuthorizationServer } from '../src/index.js';
import { callApi, confidentialAuth, field, postForm, publicAuth } from './helpers.js';
import type { ClientAuth } from './helpers.js';

const DEVICE_CODE = 'urn:ietf:params:oauth:grant-type:device_code';

let server: AuthorizationServer;
beforeAll(async () => {
  server = await startAuthorizationServer();
});
afterAll(() => server.close());

async function startDevice(auth: ClientAuth, scope = 'openid offline_access api:read') {
  const { status, json } = await postForm(server.endpoints.deviceAuthorization, { scope }, auth);
  expect(status).toBe(200);
  return json;
}

function poll(deviceCode: string, auth: ClientAuth) {
  return postForm(server.endpoints.token, { grant_type: DEVICE_CODE, device_code: deviceCode }, auth);
}

describe('device authorization grant', () => {
  it('device authorization → approveDevice → polling yields tokens', async () => {
    const auth = publicAuth(server);
    const device = await startDevice(auth);
    expect(device).toMatchObject({
      device_code: expect.any(String),
      user_code: expect.stringMatching(/^[A-Z]{4}-[A-Z]{4}$/),
      verification_uri: `${server.issuer}/device`,
      verification_uri_complete: expect.stringContaining('user_code='),
      expires_in: 600,
      interval: 1,
    });
    const deviceCode = field(device, 'device_code');

    const pending = await poll(deviceCode, auth);
    expect(pending.status).toBe(400);
    expect(pending.json.error).toBe('authorization_pending');

    await server.approveDevice(field(device, 'user_code'));
    const tokens = await poll(deviceCode, auth);
    expect(tokens.status).toBe(200);
    // Unlike the code flow, the device flow keeps offline_access in the granted scope.
    expect(tokens.json).toMatchObject({ token_type: 'Bearer', scope: 'openid offline_access api:read' });
    expect(field(tokens.json, 'refresh_token')).toBeTruthy();
    expect((await callApi(server, field(tokens.json, 'access_token'))).json.sub).toBe('test-user');

    // The device code is single-use.
    expect((await poll(deviceCode, auth)).json.error).toBe('invalid_grant');
    expect(server.stats().token[DEVICE_CODE]).toBeGreaterThanOrEqual(3);
  });

  it('works for the confidential client, with the user code typed in lower case', async () => {
    const auth = confidentialAuth(server);
    const device = await startDevice(auth, 'api:write');
    await server.approveDevice(field(device, 'user_code').toLowerCase());
    const tokens = await poll(field(device, 'device_code'), auth);
    expect(tokens.json.scope).toBe('api:write');
  });

  it('deny → access_denied', async () => {
    const auth = publicAuth(server);
    const device = await startDevice(auth);
    await server.approveDevice(field(device, 'user_code'), { deny: true });
    const denied = await poll(field(device, 'device_code'), auth);
    expect(denied.status).toBe(400);
    expect(denied.json.error).toBe('access_denied');
  });

  it('approveDevice rejects unknown and already used codes', async () => {
    await expect(server.approveDevice('BCDF-GHJK')).rejects.toThrow(/not found/);
    const device = await startDevice(publicAuth(server));
    await server.approveDevice(field(device, 'user_code'));
    await expect(server.approveDevice(field(device, 'user_code'))).rejects.toThrow(/already been used/);
  });
});
