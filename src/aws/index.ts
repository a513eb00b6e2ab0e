/** What all AWS services share on the wire: models, codecs, errors, IDs and ARNs. */
export * from './arn.js';
export * from './aws-error.js';
export * from './encoded-response.js';
export * from './ids.js';
export * from './json-protocol.js';
export * from './model.js';
export * from './model-error.js';
export * from './query-protocol.js';
export * from './request-id.js';
export * from './shape-validation.js';
export * from './wire-value.js';
export * from './xml-text.js';
