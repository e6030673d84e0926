import { noContent, ok, type FakeContext, type FakeRoute } from './context.js';
import { FakeApiError, fail } from './google-error.js';
import { listReply, requireParts } from './paging.js';
import { at, listParam, withParts, type Item } from './store.js';

/** Keeps an item when it matches the values of one filter parameter. */
type Filter = (item: Item, values: string[], context: FakeContext) => boolean;

/** How one resource is listed, created, updated and deleted. */
export interface CollectionConfig {
  /** `youtube#playlistListResponse` */
  listKind: string;
  /** Filter parameters; with `requireFilter`, a list call needs one of them (Google: "No filter selected"). */
  filters: Record<string, Filter>;
  requireFilter?: boolean;
  paged?: boolean;
  /** The largest `maxResults` the resource accepts. Default 50 (comments: 100, members: 1000). */
  maxPage?: number;
  /** The reason answered for an unknown id: `playlistNotFound`, … */
  notFound: string;
  /** Builds a new item from an insert body (throw a FakeApiError to refuse it). */
  create?: (context: FakeContext, body: Record<string, unknown>) => Item;
  /** Called after an item was deleted. */
  afterDelete?: (context: FakeContext, item: Item) => void;
  /** The resource has no `id` field (members). */
  hideIds?: boolean;
}

/** Matches a nested field against the parameter's values. */
export const field =
  (path: string): Filter =>
  (item, values) =>
    values.includes(String(at(item, path)));

/** `mine=true`: items owned by the authorized user's channel (`path` holds the owner). */
export const mine =
  (path: string): Filter =>
  (item, values, context) =>
    values[0] !== 'true' || at(item, path) === context.store.myChannelId;

/** `id=a,b`: items with these ids. */
export const byId: Filter = (item, values) => item.id !== undefined && values.includes(item.id);

/** Every filter is satisfied. */
const everything: Filter = () => true;

/** Filters that keep every item (parameters the fake accepts but does not model). */
export function accepted(...names: string[]): Record<string, Filter> {
  return Object.fromEntries(names.map((name) => [name, everything]));
}

/** The request body as an object. */
export function objectBody(context: FakeContext): Record<string, unknown> {
  const body = context.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw fail.badRequest('The request body must be a JSON object', 'parseError');
  return body as Record<string, unknown>;
}

/** list / insert / update / delete routes of one collection. */
export function collectionRoutes(resource: string, config: CollectionConfig): Record<string, FakeRoute> {
  const routes: Record<string, FakeRoute> = {
    GET: (context) => {
      const active = Object.entries(config.filters).filter(([name]) => context.query.has(name) && name !== 'hl');
      if (config.requireFilter && active.length === 0) {
        throw fail.badRequest(`No filter selected. Expected one of: ${Object.keys(config.filters).join(', ')}`, 'missingRequiredParameter');
      }
      const items = context.store.all(resource).filter((item) => active.every(([name, filter]) => filter(item, listParam(context.query, name), context)));
      return listReply(context, config.listKind, items, {
        paged: config.paged ?? false,
        ...(config.hideIds ? { hideIds: true } : {}),
        ...(config.maxPage ? { maxPage: config.maxPage } : {}),
      });
    },
    PUT: (context) => {
      const parts = requireParts(context);
      const body = objectBody(context);
      if (typeof body['id'] !== 'string') throw fail.required('id');
      const existing = context.store.get(resource, body['id']);
      if (!existing) throw fail.notFound(config.notFound, `The ${resource} identified with the request's id parameter cannot be found.`);
      const updated: Item = { ...existing };
      for (const part of parts) {
        const value = body[part];
        if (typeof value === 'object' && value !== null && !Array.isArray(value)) updated[part] = { ...(existing[part] as object | undefined), ...value };
      }
      return ok(withParts(context.store.put(resource, updated), parts));
    },
    DELETE: (context) => {
      const id = context.query.get('id');
      if (!id) throw fail.required('id');
      const existing = context.store.get(resource, id);
      if (!existing || !context.store.delete(resource, id))
        throw fail.notFound(config.notFound, `The ${resource} identified with the request's id parameter cannot be found.`);
      config.afterDelete?.(context, existing);
      return noContent();
    },
  };
  const create = config.create;
  if (create) {
    routes['POST'] = (context) => {
      const parts = requireParts(context);
      const item = create(context, objectBody(context));
      return ok(withParts(context.store.put(resource, item), parts));
    };
  }
  return routes;
}

/** The `snippet` of an insert body, or a 400. */
export function snippetOf(body: Record<string, unknown>): Record<string, unknown> {
  const snippet = body['snippet'];
  if (typeof snippet !== 'object' || snippet === null) throw new FakeApiError(400, 'required', 'Required parameter: snippet');
  return snippet as Record<string, unknown>;
}
