import type { AxiosInstance } from 'axios';

/** The `use`/`eject` pair of an axios interceptor manager, typed loosely on purpose (see {@link AxiosLike}). */
export interface AxiosInterceptorsLike {
  use(...handlers: never[]): number;
  eject(id: number): void;
}

/**
 * An axios 1.x instance, from any copy of axios.
 *
 * oauthflow takes the application's axios instance (interceptors, proxy, timeouts) and must work
 * whichever copy created it: axios is a peer dependency, but a package manager may still install
 * two copies, and the `AxiosInstance` types of two copies do not match (`AxiosHeaders` differs
 * from release to release). This interface names only the members oauthflow relies on, with
 * parameter types loose enough that every axios 1.x instance fits; at run time oauthflow uses the
 * instance's own methods, config objects and headers, never its own copy's classes.
 *
 * @example
 * import axios from 'axios';                 // the application's copy, any 1.x release
 * new OAuth2APIRequest(flow, { axios: axios.create({ timeout: 5_000 }) });
 */
export interface AxiosLike {
  request(config: object): Promise<unknown>;
  getUri(config?: object): string;
  readonly defaults: object;
  readonly interceptors: { readonly request: AxiosInterceptorsLike; readonly response: AxiosInterceptorsLike };
}

/**
 * The application's instance, seen through this copy's types. Sound at run time: every axios 1.x
 * instance has the members this copy's `AxiosInstance` declares that oauthflow calls.
 */
export function asAxiosInstance(client: AxiosLike): AxiosInstance {
  return client as AxiosInstance;
}
