/**
 * Reads method facts from a Google discovery document (the format of `youtube/v3/youtube-api.json`):
 * resource paths (nested resources joined with dots), HTTP verb, path under `youtube/v3/`, media
 * path under `/upload/youtube/v3/`, and required params in `parameterOrder`. Used by generate.ts
 * (`--discovery file`) to check the generated table against Google's document itself.
 */

/** One method's wire facts, as the generated table holds them. */
export interface DiscoveredMethod {
  verb: string;
  path: string;
  mediaPath?: string;
  required: string[];
}

interface DiscoveryMethod {
  httpMethod: string;
  path: string;
  parameterOrder?: string[];
  mediaUpload?: { protocols?: { simple?: { path?: string }; resumable?: { path?: string } } };
}

interface DiscoveryResource {
  methods?: Record<string, DiscoveryMethod>;
  resources?: Record<string, DiscoveryResource>;
}

const API_PREFIX = 'youtube/v3/';
const UPLOAD_PREFIX = '/upload/youtube/v3/';

/** `{ 'videos.list': { verb, path, required }, … }` from a discovery document. */
export function discoveredMethods(document: { resources?: Record<string, DiscoveryResource> }): Record<string, DiscoveredMethod> {
  const found: Record<string, DiscoveredMethod> = {};
  const walk = (resources: Record<string, DiscoveryResource> | undefined, prefix: string): void => {
    for (const [name, resource] of Object.entries(resources ?? {})) {
      const path = prefix ? `${prefix}.${name}` : name;
      for (const [method, facts] of Object.entries(resource.methods ?? {})) {
        const media = facts.mediaUpload?.protocols?.simple?.path;
        found[`${path}.${method}`] = {
          verb: facts.httpMethod,
          path: facts.path.startsWith(API_PREFIX) ? facts.path.slice(API_PREFIX.length) : facts.path,
          ...(media?.startsWith(UPLOAD_PREFIX) ? { mediaPath: media.slice(UPLOAD_PREFIX.length) } : {}),
          required: facts.parameterOrder ?? [],
        };
      }
      walk(resource.resources, path);
    }
  };
  walk(document.resources, '');
  return found;
}
