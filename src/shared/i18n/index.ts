export * from './catalogue';
export * from './locales';
export * from './match';
export * from './translate';
