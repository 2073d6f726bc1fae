import { UsageError } from '../usage-error';

/** Asks for a secret on the terminal without echoing it. */
export function promptHidden(question: string): Promise<string> {
  const input = process.stdin;
  const output = process.stderr;
  if (!input.isTTY) {
    return Promise.reject(
      new UsageError('there is no terminal to ask for the password on; give --new-password-file.'),
    );
  }
  // Raw mode before the prompt shows: text typed (or pasted) right away must not be echoed.
  input.setRawMode(true);
  output.write(question);
  input.setEncoding('utf8');
  input.resume();
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = () => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      output.write('\n');
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n' || char === '\u0004') {
          finish();
          resolve(value);
          return;
        }
        if (char === '\u0003') {
          finish();
          reject(new UsageError('cancelled; the password was not changed.'));
          return;
        }
        if (char === '\u007f' || char === '\b') value = value.slice(0, -1);
        else value += char;
      }
    };
    input.on('data', onData);
  });
}

/** Asks twice, so a typo does not lock the person out. */
export async function promptNewPassword(): Promise<string> {
  const first = await promptHidden('New vault password: ');
  const second = await promptHidden('Repeat the new password: ');
  if (first !== second) throw new UsageError('the two passwords differ; nothing was changed.');
  return first;
}
