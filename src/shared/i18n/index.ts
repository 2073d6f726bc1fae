export * from './catalogue';
export * from './locales';
