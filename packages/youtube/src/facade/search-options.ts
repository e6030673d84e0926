import { ConfigurationError } from '@oauthflow/core';
import type { Many } from '../types/common.js';
import type { CollectOptions } from './collect.js';

/**
 * python-youtube's `search()` options, camelCased — every one of them, plus the search.list
 * parameters Google added since (`videoPaidProductPlacement`, `forContentOwner`, …).
 */
export interface SearchOptions extends CollectOptions {
  parts?: Many;
  forDeveloper?: boolean;
  forMine?: boolean;
  forContentOwner?: boolean;
  /** Removed by Google from search.list in 2023; still sent when given (the API may refuse it). */
  relatedToVideoId?: string;
  channelId?: string;
  channelType?: string;
  eventType?: string;
  location?: string;
  locationRadius?: string;
  onBehalfOfContentOwner?: string;
  order?: string;
  publishedAfter?: string;
  publishedBefore?: string;
  q?: string;
  regionCode?: string;
  relevanceLanguage?: string;
  safeSearch?: string;
  topicId?: string;
  /** search.list's `type`. Default `video,channel,playlist` (python-youtube's). */
  searchType?: Many;
  videoCaption?: string;
  videoCategoryId?: string;
  videoDefinition?: string;
  videoDimension?: string;
  videoDuration?: string;
  videoEmbeddable?: string;
  videoLicense?: string;
  videoPaidProductPlacement?: string;
  videoSyndicated?: string;
  videoType?: string;
}

/** Option → search.list parameter, for every option that is a parameter as is. */
const PARAMETERS: Readonly<Record<Exclude<keyof SearchOptions, keyof CollectOptions | 'parts' | 'searchType'>, string>> = {
  forDeveloper: 'forDeveloper',
  forMine: 'forMine',
  forContentOwner: 'forContentOwner',
  relatedToVideoId: 'relatedToVideoId',
  channelId: 'channelId',
  channelType: 'channelType',
  eventType: 'eventType',
  location: 'location',
  locationRadius: 'locationRadius',
  onBehalfOfContentOwner: 'onBehalfOfContentOwner',
  order: 'order',
  publishedAfter: 'publishedAfter',
  publishedBefore: 'publishedBefore',
  q: 'q',
  regionCode: 'regionCode',
  relevanceLanguage: 'relevanceLanguage',
  safeSearch: 'safeSearch',
  topicId: 'topicId',
  videoCaption: 'videoCaption',
  videoCategoryId: 'videoCategoryId',
  videoDefinition: 'videoDefinition',
  videoDimension: 'videoDimension',
  videoDuration: 'videoDuration',
  videoEmbeddable: 'videoEmbeddable',
  videoLicense: 'videoLicense',
  videoPaidProductPlacement: 'videoPaidProductPlacement',
  videoSyndicated: 'videoSyndicated',
  videoType: 'videoType',
};
const PAGING = new Set(['count', 'limit', 'pageToken', 'parts', 'searchType']);

/**
 * The search.list parameters of `options` (python-youtube leaves out empty values the same way).
 * @throws {ConfigurationError} for an option search does not know — nothing is dropped silently
 */
export function searchParameters(options: SearchOptions): Record<string, string | boolean | Many> {
  const params: Record<string, string | boolean | Many> = {};
  for (const [name, value] of Object.entries(options)) {
    if (PAGING.has(name)) continue;
    const parameter = (PARAMETERS as Record<string, string>)[name];
    if (parameter === undefined) throw new ConfigurationError(`search: unknown option "${name}" (see SearchOptions; nothing was sent)`);
    if (value !== undefined && value !== null && value !== '' && value !== false) params[parameter] = value as string | boolean;
  }
  params['type'] = options.searchType ?? ['video', 'channel', 'playlist'];
  return params;
}
