// A moment on its own (a table cell, a list): a <time> element, written by Intl in the app's language.
import { useWhen } from './session';

export function When({ at }: { at: string | null }): React.JSX.Element {
  const when = useWhen();
  const text = when(at);
  return at === null || text === '—' ? <>{text}</> : <time dateTime={at}>{text}</time>;
}
