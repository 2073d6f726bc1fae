export { I18nProvider, useLanguage } from './I18nProvider';
export { useRichT, useT, type MessageValues, type Translate } from './useT';
