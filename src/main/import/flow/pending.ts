import { randomUUID } from 'node:crypto';
import type { ImportPlan } from './plan';

const MAX_WAITING = 4;
const TTL_MS = 15 * 60 * 1000;

/**
 * Imports read and previewed, waiting in main for the person's choices: the
 * secrets stay here, the window holds only the id. Old ones are dropped.
 */
export class PendingImports {
  readonly #waiting = new Map<string, { plan: ImportPlan; at: number }>();

  hold(plan: ImportPlan): string {
    this.#expire();
    while (this.#waiting.size >= MAX_WAITING) {
      const oldest = this.#waiting.keys().next().value as string;
      this.#waiting.delete(oldest);
    }
    const id = randomUUID();
    this.#waiting.set(id, { plan, at: Date.now() });
    return id;
  }

  get(id: string): ImportPlan | undefined {
    this.#expire();
    return this.#waiting.get(id)?.plan;
  }

  drop(id: string): void {
    this.#waiting.delete(id);
  }

  #expire(): void {
    const now = Date.now();
    for (const [id, { at }] of this.#waiting) if (now - at > TTL_MS) this.#waiting.delete(id);
  }
}
