export { storageTestSuite } from './suite.js';
export { requireService } from './require-service.js';
export { fullCredentials, minimalCredentials, samplePending } from './sample-credentials.js';
export type { CrossProcessOptions, MakeStorage, StorageModule, StorageTestSuiteOptions } from './types.js';
