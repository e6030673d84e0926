// What RedisStorage accepts as a namespace and a cluster, checked before anything connects.
import { ConfigurationError } from '@oauthflow/core';
import { RedisStorage } from '@oauthflow/storage-redis';
import { describe, expect, it } from 'vitest';

const refused = (options: ConstructorParameters<typeof RedisStorage>[0]): ConfigurationError => {
  try {
    new RedisStorage(options);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return error as ConfigurationError;
  }
  throw new Error('expected a ConfigurationError');
};

describe('RedisStorage configuration', () => {
  it('accepts namespaces of visible characters in segments joined by single colons', async () => {
    for (const namespace of ['oauthflow', 'my-app', 'my_app.v2', 'team:app', 'a:b:c', 'lock', 'lock:tokens', 'tenant/42', 'app@eu', 'café']) {
      await new RedisStorage({ namespace, url: 'redis://127.0.0.1:1' }).close();
    }
  });

  it('refuses namespaces that could collide with another one, or that SCAN or a hash tag would misread', () => {
    // `x`'s lease for key ":credentials:k" would be `x:lock::credentials:k`, namespace `x:lock`'s record "k".
    for (const namespace of ['', 'x:lock', 'x:lock:y', 'a::b', ':a', 'a:', 'app*', 'a?', 'a[1]', 'a{b}', 'with space', 'x'.repeat(101)]) {
      const error = refused({ namespace });
      expect(error.message).toContain(JSON.stringify(namespace));
      expect(error.message).toMatch(/1 to 100 visible characters without spaces or any of \* \? \[ \] \\ \{ \}/);
    }
  });

  it('refuses a bad cluster URL or cluster option, naming what is expected, without the password', () => {
    expect(refused('redis+cluster://').message).toMatch(/redis\+cluster:\/\/\[\[user\]:password@\]host1:port1,host2:port2/);
    expect(refused('redis+cluster://:s3cret@a:1,b:2/3').message).toMatch(/only database 0/);
    expect(refused({ cluster: { rootNodes: [] } }).message).toMatch(/at least one node URL/);
    expect(refused({ cluster: { rootNodes: ['http://a:1'] } }).message).toMatch(/redis:\/\/ or rediss:\/\//);
    expect(refused({ cluster: { rootNodes: ['redis://:one@a:1', 'redis://:two@b:2'] } }).message).toMatch(/same scheme, user and password/);
    expect(refused({ url: 'redis://a', cluster: { rootNodes: ['redis://a:1'] } }).message).toMatch(/either url or cluster/);
    expect(refused('memcached://a').message).toMatch(/redis\+cluster:\/\//);
    for (const error of [refused('redis+cluster://:s3cret@a:1,b:2/3'), refused({ cluster: { rootNodes: ['redis://:s3cret@a:1', 'redis://b:2'] } })]) {
      expect(error.message).not.toContain('s3cret');
    }
  });
});
