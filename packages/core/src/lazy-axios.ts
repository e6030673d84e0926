import { createRequire } from 'node:module';
import type { AxiosError, AxiosInstance, AxiosStatic, CreateAxiosDefaults } from 'axios';

const requireFromCore = createRequire(import.meta.url);
let loaded: AxiosStatic | undefined;

/**
 * axios, loaded on first use: a process that only reads a fresh stored token (the `oauthflow
 * token` hot path) never pays for it. Synchronous because `OAuth2APIRequest.http` must exist as
 * soon as the object does; axios's CommonJS build is one file, so this load is also its cheapest.
 */
export function loadAxios(): AxiosStatic {
  loaded ??= requireFromCore('axios') as AxiosStatic;
  return loaded;
}

/** A new axios instance (axios loads now, if it has not yet). */
export function createAxios(defaults?: CreateAxiosDefaults): AxiosInstance {
  return loadAxios().create(defaults);
}

/**
 * True for an error axios raised — from any copy of axios (the caller's own instance may come
 * from another build than the one loaded here), which `instanceof` cannot promise. Same test as
 * axios's own `isAxiosError`.
 */
export function isAxiosError(error: unknown): error is AxiosError {
  return typeof error === 'object' && error !== null && (error as { isAxiosError?: unknown }).isAxiosError === true;
}
