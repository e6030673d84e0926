import type { CallOptions, ListAllOptions, ListPagesOptions, YouTubeResponse } from '../types/common.js';
import type { ResourceClient, ResourceName } from '../types/methods.js';
import type { MethodCaller } from './caller.js';
import { METHOD_TABLE } from './method-table.js';
import { paginate, paginatePages, type PageFetcher } from './pagination.js';

type Method = (params: object, options?: CallOptions) => Promise<YouTubeResponse<unknown>>;

/** Builds `yt.<resource>` from the method table: one function per method, plus `listAll` for list methods. */
export function createResourceClient<R extends ResourceName>(caller: MethodCaller, resource: R): ResourceClient<R> {
  const client: Record<string, unknown> = {};
  for (const method of Object.keys(METHOD_TABLE[resource])) {
    const call: Method = (params, options) => caller.call(resource, method, params, options);
    client[method] = call;
  }
  if ('list' in METHOD_TABLE[resource]) {
    const fetchPage = ((params, options) => caller.call(resource, 'list', params, options)) as PageFetcher<unknown>;
    client['listAll'] = (params: object, options?: ListAllOptions) => paginate(`${resource}.list`, fetchPage, params, options);
    client['listPages'] = (params: object, options?: ListPagesOptions) => paginatePages(`${resource}.list`, fetchPage, params, options);
  }
  return Object.freeze(client) as unknown as ResourceClient<R>;
}
