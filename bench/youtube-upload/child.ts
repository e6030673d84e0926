/**
 * One side of the upload benchmark in a fresh process, so that peak RSS is this side's alone:
 * `child.ts upload|read` with `{ path, baseURL, uploadBaseURL, chunkSize }` as JSON in BENCH_INPUT;
 * prints `{ ms, maxRss, sha256? }` as JSON. Both sides load @oauthflow/youtube, so module memory
 * is the same on both.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { YouTube } from '@oauthflow/youtube';

interface Input {
  path: string;
  baseURL: string;
  uploadBaseURL: string;
  chunkSize: number;
}
const input = JSON.parse(process.env['BENCH_INPUT'] ?? '{}') as Input;
const scenario = process.argv[2];
const started = process.hrtime.bigint();
let sha256: string | undefined;
if (scenario === 'upload') {
  const yt = new YouTube({ accessToken: 'bench-token', baseURL: input.baseURL, uploadBaseURL: input.uploadBaseURL, uploadChunkSize: input.chunkSize });
  const { data } = await yt.videos.insert({
    part: ['snippet'],
    requestBody: { snippet: { title: 'bench' } },
    media: { path: input.path, mimeType: 'video/mp4' },
  });
  if (typeof data.id !== 'string') throw new Error('the upload answered no video id');
} else if (scenario === 'read') {
  // The baseline: the same bytes streamed from disk through a hash, nothing kept.
  const hash = createHash('sha256');
  for await (const piece of createReadStream(input.path, { highWaterMark: input.chunkSize })) hash.update(piece as Buffer);
  sha256 = hash.digest('hex');
} else {
  throw new Error(`unknown upload scenario ${scenario}`);
}
const ms = Number(process.hrtime.bigint() - started) / 1e6;
process.stdout.write(`${JSON.stringify({ ms, maxRss: process.resourceUsage().maxRSS * 1024, ...(sha256 ? { sha256 } : {}) })}\n`);
process.exit(0);
