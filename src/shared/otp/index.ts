export * from './types';
export * from './errors';
export * from './base32';
export * from './engine';
export * from './account';
export * from './otpauth-uri';
