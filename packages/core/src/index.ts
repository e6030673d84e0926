export { Credentials, MAX_TOKEN_LIFETIME_SECONDS, MIN_TOKEN_LIFETIME_SECONDS } from './credentials.js';
export type { CredentialsInit, StoredCredentials, TokenResponseOptions } from './credentials.js';
export {
  APIRequestError,
  ConfigurationError,
  ErrorCodes,
  InvalidResponseError,
  IssuerMismatchError,
  NetworkError,
  NoCredentialsError,
  OAuth2Error,
  OAuthFlowError,
  StateMismatchError,
  StorageError,
  safeCause,
} from './errors.js';
export type { ErrorCode, OAuth2ErrorFields, OAuthFlowErrorOptions } from './errors.js';
export { DEFAULT_KEY, parsePending } from './storage/storage.js';
export type {
  DeleteOptions,
  LockHandle,
  PendingAuthorization,
  RefreshMark,
  SaveOptions,
  Storage,
  StoredRecord,
} from './storage/storage.js';
export { decodeRecord, encodeRecord, firstRevision, revisionConflict } from './storage/record.js';
export type { RecordJSON } from './storage/record.js';
export { fingerprint } from './credentials.js';
export { KeyedMutex } from './storage/keyed-mutex.js';
export { MemoryStorage } from './storage/memory-storage.js';
export { FileStorage } from './storage/file-storage.js';
export type { FileStorageOptions } from './storage/file-storage.js';
export { OAuth2AuthorizationFlow } from './flow.js';
export type { FlowDescription } from './flow-description.js';
export { KeyHandle } from './key-handle.js';
export type { AuthorizationRequest, AuthorizationUrlOptions, ClientCredentialsOptions, ExchangeCodeOptions, FlowEvents, FlowOptions } from './flow-types.js';
export type { RetrieveTokenOptions } from './interactive/interactive-authorization.js';
export type { DeviceAuthorization } from './grants/device-authorization.js';
export type { ClientParams } from './grants/discovery.js';
export { OAuth2APIRequest } from './api-request.js';
export type { APIRequestOptions, TokenSource } from './api-request.js';
export type { AxiosInterceptorsLike, AxiosLike } from './axios-like.js';
export type { ExtraAuthParams, ExtraTokenParams, RequiredParams } from './params.js';
export type { ClientAuthentication } from './grants/token-endpoint.js';
export type { RevocationOptions } from './grants/revocation.js';
export { parseCallback } from './callback.js';
export type { CallbackParams } from './callback.js';

// ---- Storage adapters: Keyv, encryption, leases, openStorage ----
export { CONFLICT, KeyvStorage } from './storage/keyv-storage.js';
export type { KeyvStorageOptions, RecordWrite, SerializedRecord } from './storage/keyv-storage.js';
export type { KeyvLike } from './keyv-like.js';
export { EncryptedStorage } from './storage/encrypted-storage.js';
export type { EncryptedStorageOptions, ReencryptReport } from './storage/encrypted-storage.js';
export type { EncryptionKey, NamedEncryptionKey } from './storage/encryption.js';
export { createLeaseLock } from './storage/lease-lock.js';
export type { LeaseBackend, LeaseLockOptions, LockFunction } from './storage/lease-lock.js';
export { passwordsOf, redact } from './storage/redact.js';
export { openStorage } from './storage/open-storage.js';
