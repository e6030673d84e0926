/**
 * YouTube resumable upload of a large file streamed from disk: peak RSS of a process uploading
 * it through `yt.videos.insert({ media: { path } })` to the fake YouTube (which keeps only a
 * SHA-256, not the bytes), against a process that only streams the same file through a hash
 * (baseline, same modules loaded, same chunk size). Memory must stay bounded by the chunk size,
 * whatever the file's size; the bytes received must hash like the file. 1 GiB, or 32 MiB with
 * `--quick`. Each side runs in its own process (bench/youtube-upload/child.ts).
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { startFakeYouTube } from '@oauthflow/testing';
import type { BenchOptions, BenchRow } from './lib/contract.js';
import { BENCH_DIR } from './lib/paths.js';
import { runTs } from './lib/spawn.js';
import { runIfMain } from './lib/standalone.js';

const MiB = 2 ** 20;
const CHUNK = 8 * MiB;

interface SideResult {
  ms: number;
  maxRss: number;
  sha256?: string;
}

async function side(name: 'upload' | 'read', input: object): Promise<SideResult> {
  const result = await runTs(resolve(BENCH_DIR, 'youtube-upload/child.ts'), [name], {
    env: { ...process.env, BENCH_INPUT: JSON.stringify(input) },
    timeoutMs: 15 * 60_000,
  });
  const line = result.stdout.trim().split('\n').pop();
  if (result.code !== 0 || !line)
    throw new Error(`upload scenario ${name} failed (exit ${result.code ?? result.signal}${result.timedOut ? ', timed out' : ''})`);
  return JSON.parse(line) as SideResult;
}

/** A file of `size` random-looking bytes (one random MiB repeated, shifted per MiB so no two chunks match). */
async function writeFileOf(path: string, size: number): Promise<void> {
  const block = randomBytes(MiB);
  await pipeline(
    (function* () {
      for (let offset = 0, n = 0; offset < size; offset += MiB, n += 1) {
        const piece = Buffer.from(block.subarray(0, Math.min(MiB, size - offset)));
        piece.writeUInt32BE(n, 0);
        yield piece;
      }
    })(),
    createWriteStream(path),
  );
}

export async function run({ quick }: BenchOptions): Promise<BenchRow[]> {
  const size = quick ? 32 * MiB : 1024 * MiB;
  const dir = await mkdtemp(join(tmpdir(), 'oauthflow-upload-bench-'));
  const fake = await startFakeYouTube({ keepUploadBytes: false });
  try {
    const path = join(dir, 'large.bin');
    await writeFileOf(path, size);
    const input = { path, baseURL: fake.baseURL, uploadBaseURL: fake.uploadBaseURL, chunkSize: CHUNK };
    const read = await side('read', input);
    const upload = await side('upload', input);
    const received = fake.uploads().at(-1);
    const intact = received?.size === size && received.sha256 === read.sha256;
    const extra = (upload.maxRss - read.maxRss) / MiB;
    // Bounded: a few chunks (the chunk read, the request body, the socket's copy) above the baseline, whatever the size.
    const bound = (4 * CHUNK) / MiB;
    const label = quick ? '32 MiB' : '1 GiB';
    return [
      {
        name: `upload ${label} from disk (videos.insert, ${CHUNK / MiB} MiB chunks): peak RSS`,
        unit: 'MB',
        oauthflow: upload.maxRss / MiB,
        baseline: read.maxRss / MiB,
        baselineName: 'stream the file through sha256',
        goal: `≤ baseline + ${bound} MB, bytes intact`,
        pass: extra <= bound && intact,
        note: `${extra >= 0 ? '+' : ''}${extra.toFixed(1)} MB over the baseline for a ${(size / MiB).toFixed(0)} MiB file; bytes received ${intact ? 'hash like the file' : 'DIFFER from the file'}`,
      },
      {
        name: `upload ${label} from disk: time`,
        unit: 's',
        oauthflow: upload.ms / 1000,
        baseline: read.ms / 1000,
        baselineName: 'stream the file through sha256',
        goal: 'info',
        note: `${(size / MiB / (upload.ms / 1000)).toFixed(0)} MiB/s through HTTP to a local server on this machine`,
      },
    ];
  } finally {
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  }
}

await runIfMain(import.meta.url, run);
