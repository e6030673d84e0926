export { Credentials } from './credentials.js';
export type { CredentialsInit, StoredCredentials } from './credentials.js';
export {
  APIRequestError, ConfigurationError, ErrorCodes, InvalidResponseError, NetworkError, NoCredentialsError,
  OAuth2Error, OAuthFlowError, StateMismatchError, StorageError, safeCause,
} from './errors.js';
export type { ErrorCode, OAuth2ErrorFields, OAuthFlowErrorOptions } from './errors.js';
export { DEFAULT_KEY, parsePending } from './storage/storage.js';
export type { PendingAuthorization, Storage } from './storage/storage.js';
export { KeyedMutex } from './storage/keyed-mutex.js';
export { MemoryStorage } from './storage/memory-storage.js';
export { FileStorage } from './storage/file-storage.js';
export type { FileStorageOptions } from './storage/file-storage.js';
export { OAuth2AuthorizationFlow } from './flow.js';
export type { AuthorizationRequest, AuthorizationUrlOptions, ExchangeCodeOptions, FlowEvents, FlowOptions } from './flow-types.js';
export type { RetrieveTokenOptions } from './interactive/interactive-authorization.js';
export type { DeviceAuthorization } from './grants/device-authorization.js';
export type { ClientParams } from './grants/discovery.js';
export { OAuth2APIRequest } from './api-request.js';
export type { APIRequestOptions, TokenSource } from './api-request.js';
export type { AxiosInterceptorsLike, AxiosLike } from './axios-like.js';
export type { ExtraAuthParams, ExtraTokenParams, RequiredParams } from './params.js';
export type { ClientAuthentication } from './grants/token-endpoint.js';
export { parseCallback } from './callback.js';
export type { CallbackParams } from './callback.js';

// ---- Storage adapters (issue 3): Keyv, encryption, leases, openStorage ----
export { KeyvStorage } from './storage/keyv-storage.js';
export type { KeyvStorageOptions } from './storage/keyv-storage.js';
export type { KeyvLike } from './keyv-like.js';
export { EncryptedStorage } from './storage/encrypted-storage.js';
export type { EncryptionKey } from './storage/encryption.js';
export { createLeaseLock } from './storage/lease-lock.js';
export type { LeaseBackend, LeaseLockOptions, LockFunction } from './storage/lease-lock.js';
export { passwordsOf, redact } from './storage/redact.js';
export { openStorage } from './storage/open-storage.js';
