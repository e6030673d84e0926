import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeYouTube, type FakeYouTube } from '@oauthflow/testing';
import { YouTube, YouTubeAPIError, type LiveChatMessage } from '@oauthflow/youtube';

let fake: FakeYouTube;
let yt: YouTube;
const INTERVAL = 60;

beforeAll(async () => {
  fake = await startFakeYouTube({ liveChatPollingIntervalMillis: INTERVAL });
  yt = new YouTube({ accessToken: 'test-token', baseURL: fake.baseURL, retry: false });
});
afterAll(async () => {
  await fake?.close();
});

const say = (liveChatId: string, text: string) =>
  yt.liveChatMessages.insert({
    part: ['snippet'],
    requestBody: { snippet: { liveChatId, type: 'textMessageEvent', textMessageDetails: { messageText: text } } },
  });

describe('pollLiveChat', () => {
  it('yields the backlog, then new messages poll by poll (following nextPageToken, waiting pollingIntervalMillis), and ends with the broadcast', async () => {
    const { data } = await yt.videos.list({ part: ['liveStreamingDetails'], id: 'fakeLive0001' });
    const liveChatId = data.items?.[0]?.liveStreamingDetails?.activeLiveChatId ?? '';
    expect(liveChatId).not.toBe('');
    const seen: LiveChatMessage[] = [];
    const polls = () => fake.requests.filter((request) => request.method === 'GET' && request.path.endsWith('/liveChat/messages'));
    const before = polls().length;
    const started = Date.now();
    for await (const message of yt.pollLiveChat({ liveChatId, part: ['snippet', 'authorDetails'] })) {
      seen.push(message);
      if (seen.length === 3) await say(liveChatId, 'first new message');
      if (seen.length === 4) {
        await say(liveChatId, 'second new message');
        await say(liveChatId, 'last words');
      }
      if (seen.length === 6) await yt.liveBroadcasts.transition({ id: 'fakeLive0001', broadcastStatus: 'complete', part: ['status'] });
    }
    expect(seen.map((message) => message.snippet?.displayMessage)).toEqual([
      'Hello from the kitchen!',
      'Great stream',
      'Welcome everyone',
      'first new message',
      'second new message',
      'last words',
    ]);
    const sent = polls().slice(before);
    // backlog, first new, two new, then the poll that found the chat ended
    expect(sent).toHaveLength(4);
    expect(sent[0]?.query.some(([name]) => name === 'pageToken')).toBe(false);
    expect(sent.slice(1).every((request) => request.query.some(([name]) => name === 'pageToken'))).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(3 * INTERVAL - 5);
  });

  it('a chat that already ended ends the iteration quietly; the signal cancels the wait; other errors reach the caller', async () => {
    const ended: LiveChatMessage[] = [];
    for await (const message of yt.pollLiveChat({ liveChatId: 'Cg0KC2Zha2VMaXZlMDAwMQ', part: ['snippet'] })) ended.push(message);
    expect(ended).toEqual([]);

    const { data } = await yt.liveBroadcasts.insert({
      part: ['snippet'],
      requestBody: { snippet: { title: 'Quiet', scheduledStartTime: '2030-01-01T00:00:00Z' } },
    });
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 3 * INTERVAL);
    const cancelled = await (async () => {
      for await (const _message of yt.pollLiveChat({ liveChatId: data.snippet?.liveChatId ?? '', part: ['snippet'] }, { signal: stop.signal })) break;
    })().catch((caught: unknown) => caught);
    expect(cancelled).toMatchObject({ code: 'ERR_OAUTHFLOW_ABORTED' });

    const missing = await (async () => {
      for await (const _message of yt.pollLiveChat({ liveChatId: 'nope', part: ['snippet'] })) break;
    })().catch((caught: unknown) => caught);
    expect(missing).toBeInstanceOf(YouTubeAPIError);
    expect(missing).toMatchObject({ status: 404, reason: 'liveChatNotFound' });
  });
});
