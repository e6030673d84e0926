import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { METHOD_TABLE } from '@oauthflow/youtube';
import { discoveredMethods } from '../scripts/discovery.js';

const PACKAGE = join(import.meta.dirname, '..');
const TSX = join(PACKAGE, '../../node_modules/.bin/tsx');

describe('the generated method table and types', () => {
  it("agree with Google's discovery document (the excerpt kept in discovery/)", async () => {
    const excerpt = JSON.parse(await readFile(join(PACKAGE, 'discovery/youtube-v3.excerpt.json'), 'utf8')) as Parameters<typeof discoveredMethods>[0];
    const discovered = discoveredMethods(excerpt);
    expect(Object.keys(discovered)).toHaveLength(6);
    for (const [id, facts] of Object.entries(discovered)) {
      const [resource = '', method = ''] = id.split('.');
      const spec = (METHOD_TABLE as unknown as Record<string, Record<string, object>>)[resource]?.[method];
      expect(spec, id).toMatchObject(facts);
    }
  });

  it('are what scripts/generate.ts writes today (nobody edited them by hand)', async () => {
    const out = await mkdtemp(join(tmpdir(), 'oauthflow-generated-'));
    await promisify(execFile)(TSX, [join(PACKAGE, 'scripts/generate.ts'), '--out', out, '--discovery', join(PACKAGE, 'discovery/youtube-v3.excerpt.json')], {
      cwd: PACKAGE,
    });
    const files = (await readdir(join(PACKAGE, 'src/generated'))).sort();
    expect((await readdir(out)).sort()).toEqual(files);
    for (const file of files) expect(await readFile(join(out, file), 'utf8'), file).toBe(await readFile(join(PACKAGE, 'src/generated', file), 'utf8'));
  }, 60_000);
});
