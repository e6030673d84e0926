import { ConfigurationError } from '@oauthflow/core';
import { YouTubeParameterError } from '../errors.js';
import type { MethodSpec } from './method-table.js';

/** Params that are not query parameters. */
const BODY_PARAMS = new Set(['requestBody', 'media']);

/** A request's path and query, built as Google's official client builds them. */
export interface WireRequest {
  path: string;
  query: URLSearchParams;
}

/**
 * Checks the required params, fills `{name}` path segments and serializes the rest the way
 * googleapis does: arrays as repeated keys, booleans and numbers as text, null/undefined left out.
 * @throws {YouTubeParameterError} when a required param is missing (nothing is sent)
 */
export function toWireRequest(methodId: string, spec: MethodSpec, params: object): WireRequest {
  if (typeof params !== 'object' || params === null) throw new ConfigurationError(`${methodId}: params must be an object`);
  const values = params as Record<string, unknown>;
  for (const name of spec.required) {
    if (isMissing(values[name])) throw new YouTubeParameterError(methodId, name);
  }
  const pathParams = new Set<string>();
  const path = spec.path.replace(/\{(\w+)\}/g, (_match, name: string) => {
    pathParams.add(name);
    return encodeURIComponent(String(values[name]));
  });
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) {
    if (BODY_PARAMS.has(name) || pathParams.has(name) || value === undefined || value === null) continue;
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item !== undefined && item !== null) query.append(name, scalar(methodId, name, item));
    }
  }
  return { path, query };
}

function isMissing(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

function scalar(methodId: string, name: string, value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new ConfigurationError(`${methodId}: the parameter "${name}" must be a string, number, boolean or a list of them`);
}
