/**
 * A port of python-youtube's examples/clients/upload_video.py: upload a video with an access token
 * (scopes youtube.upload, youtube, youtube.force-ssl), printing the progress of each chunk. The
 * upload is resumable: a failed chunk is resumed from what the server holds, and the session URI
 * (printed) lets another process finish it (`{ uploadSession }`).
 *
 *   OAUTHFLOW_ACCESS_TOKEN=ya29… pnpm tsx --conditions=@oauthflow/source examples/youtube-upload-video.ts target_video.mp4
 *
 * OAUTHFLOW_YOUTUBE_BASE_URL / OAUTHFLOW_YOUTUBE_UPLOAD_URL point it at another server (the test
 * suite's fake YouTube).
 */
import { YouTube, youtubeSettingsFromEnv } from '@oauthflow/youtube';

const { baseURL, uploadBaseURL } = youtubeSettingsFromEnv();
const yt = new YouTube({
  accessToken: process.env['OAUTHFLOW_ACCESS_TOKEN'] ?? 'xxx',
  ...(baseURL ? { baseURL } : {}),
  ...(uploadBaseURL ? { uploadBaseURL } : {}),
  uploadChunkSize: 256 * 1024,
});

const filename = process.argv[2] ?? 'target_video.mp4';
console.log('Uploading video...');
const { data: video } = await yt.videos.insert(
  {
    part: ['snippet'],
    notifySubscribers: true,
    requestBody: { snippet: { title: 'video title', description: 'video description' } },
    media: { path: filename, mimeType: 'video/mp4' },
  },
  {
    onUploadSession: () => console.log('Upload session started (its URI can resume the upload elsewhere).'),
    onUploadProgress: ({ bytesSent, totalBytes }) =>
      console.log(`Uploading video progress: ${totalBytes ? Math.round((bytesSent / totalBytes) * 100) : bytesSent}%...`),
  },
);
console.log(`Video id ${video.id} was successfully uploaded.`);
