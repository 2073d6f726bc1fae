import { createInterface } from 'node:readline/promises';
import { UsageError } from '../usage-error';

/** Whether a person is at a terminal to answer questions. */
export const atTerminal = (): boolean => process.stdin.isTTY === true && process.stderr.isTTY === true;

/** Asks a yes/no question on the terminal; only "y" or "yes" is a yes. */
export async function confirmOnTerminal(question: string): Promise<boolean> {
  if (!atTerminal()) throw new UsageError('there is no terminal to confirm on; add --yes.');
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await prompt.question(`${question} [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    prompt.close();
  }
}
