import { ConfigurationError } from '@oauthflow/core';
import { YouTubeAPIError } from '../errors.js';
import type { YouTubeAPIRequest } from '../api-request.js';
import type { CallOptions, MediaUpload, YouTubeResponse } from '../types/common.js';
import type { ResourceName } from '../types/methods.js';
import { openMedia } from '../upload/media-source.js';
import { resumableUpload } from '../upload/resumable-upload.js';
import { flattenHeaders } from './headers.js';
import { METHOD_TABLE, type MethodSpec } from './method-table.js';
import { QUOTA_COSTS, type QuotaMeter } from './quota.js';
import { toWireRequest } from './query.js';
import { isIdempotent, withRetry, type RetryPolicy } from './retry.js';

/** What a {@link MethodCaller} sends with. */
export interface CallerSettings {
  api: YouTubeAPIRequest;
  meter: QuotaMeter;
  retry: RetryPolicy;
  uploadBaseURL: string;
  chunkSize: number;
}

/** Params as the caller sees them: any method's. */
type AnyParams = object & { requestBody?: unknown; media?: MediaUpload };

const UPLOAD_QUANTUM = 256 * 1024;

/**
 * Sends one typed-client call: checks required params (nothing sent if one is missing), charges
 * the quota meter, sends (with retries for idempotent methods, resumable upload for media) and
 * answers `{ data, status, headers }`.
 */
export class MethodCaller {
  constructor(private readonly settings: CallerSettings) {}

  /** Calls `resource.method` with googleapis-style params. */
  async call(resource: ResourceName, method: string, params: AnyParams, options: CallOptions = {}): Promise<YouTubeResponse<unknown>> {
    const methodId = `${resource}.${method}`;
    const spec = (METHOD_TABLE[resource] as Readonly<Record<string, MethodSpec>>)[method];
    const cost = (QUOTA_COSTS[resource] as Readonly<Record<string, number>>)[method];
    if (spec === undefined || cost === undefined) throw new ConfigurationError(`${methodId} is not a YouTube Data API method`);
    const wire = toWireRequest(methodId, spec, params);
    const { meter, api, retry } = this.settings;
    if (params.media !== undefined) return this.#upload(methodId, spec, cost, wire.query, params, options);
    const hasBody = params.requestBody !== undefined;
    return withRetry(isIdempotent(spec.verb, spec.idempotent), retry, options.signal, async () => {
      const reservation = meter.reserve(methodId, cost);
      try {
        const response = await api.http.request({
          method: spec.verb,
          url: wire.path,
          params: wire.query,
          ...(hasBody ? { data: params.requestBody } : {}),
          responseType: spec.text ? 'text' : 'json',
          // No body, no Content-Type: `false` stops axios from labelling an empty POST as a form.
          headers: { ...(hasBody ? {} : { 'Content-Type': false }), ...options.headers },
          ...(options.signal ? { signal: options.signal } : {}),
        });
        reservation.commit();
        return { data: response.data === '' && !spec.text ? undefined : response.data, status: response.status, headers: flattenHeaders(response.headers) };
      } catch (error) {
        // Only an HTTP answer proves the request reached Google (which charges even errors).
        if (error instanceof YouTubeAPIError) reservation.commit();
        else reservation.release();
        throw error;
      }
    });
  }

  async #upload(
    methodId: string,
    spec: MethodSpec,
    cost: number,
    query: URLSearchParams,
    params: AnyParams,
    options: CallOptions,
  ): Promise<YouTubeResponse<unknown>> {
    if (spec.mediaPath === undefined || (spec.verb !== 'POST' && spec.verb !== 'PUT')) throw new ConfigurationError(`${methodId} takes no media`);
    const chunkSize = options.chunkSize ?? this.settings.chunkSize;
    checkChunkSize(chunkSize);
    const media = await openMedia(methodId, params.media ?? {});
    return resumableUpload({
      http: this.settings.api.http,
      url: `${this.settings.uploadBaseURL.replace(/\/+$/, '')}/${spec.mediaPath}`,
      verb: spec.verb,
      query,
      metadata: params.requestBody,
      media,
      chunkSize,
      retry: this.settings.retry,
      reserveStart: () => this.settings.meter.reserve(methodId, cost),
      ...(options.uploadSession ? { sessionUri: options.uploadSession } : {}),
      ...(options.onUploadSession ? { onSession: options.onUploadSession } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.headers ? { headers: options.headers } : {}),
      ...(options.onUploadProgress ? { onProgress: options.onUploadProgress } : {}),
    });
  }
}

/** @throws {ConfigurationError} unless a positive multiple of 256 KiB (the protocol's rule) */
export function checkChunkSize(size: number): void {
  if (!Number.isInteger(size) || size <= 0 || size % UPLOAD_QUANTUM !== 0) {
    throw new ConfigurationError(`The upload chunk size must be a positive multiple of 256 KiB (262144 bytes), not ${size}`);
  }
}
