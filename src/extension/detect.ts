// Finds one-time-code fields on a page: the standard autocomplete token first, then the
// names, labels and shapes sites use without it (a 6–8 digit input, a row of single-digit boxes).

const NAME_HINT =
  /(^|[^a-z])(otp|totp|2fa|mfa|one.?time|onetime|auth.?code|verification.?code|verify.?code|security.?code|token.?code|app.?otp|two.?factor)([^a-z]|$)/i;
const LABEL_HINT =
  /(authentication|verification|security|one[- ]time|2fa|two[- ]factor|authenticator)\s*(code|token)?|\b2fa\b|\botp\b/i;

/** A field set to fill: one input, or several single-character boxes filled one by one. */
export interface CodeField {
  readonly inputs: readonly HTMLInputElement[];
}

function textInputs(root: ParentNode): HTMLInputElement[] {
  return [...root.querySelectorAll('input')].filter(
    (input) =>
      ['text', 'tel', 'number', 'password', ''].includes(input.type) && !input.disabled && !input.readOnly,
  );
}

function labelText(input: HTMLInputElement): string {
  const parts = [
    input.getAttribute('aria-label') ?? '',
    input.placeholder,
    ...[...(input.labels ?? [])].map((label) => label.textContent ?? ''),
  ];
  const by = input.getAttribute('aria-labelledby');
  if (by)
    for (const id of by.split(/\s+/)) parts.push(input.ownerDocument.getElementById(id)?.textContent ?? '');
  return parts.join(' ');
}

function isSingleBox(input: HTMLInputElement): boolean {
  return input.maxLength === 1;
}

/** Six to eight single-character boxes in a row under one parent: a split code field. */
function splitGroups(inputs: HTMLInputElement[]): HTMLInputElement[][] {
  const byParent = new Map<Element, HTMLInputElement[]>();
  for (const input of inputs.filter(isSingleBox)) {
    const parent = input.parentElement;
    if (!parent) continue;
    // Boxes are often wrapped one per element: group by the grandparent then.
    const key =
      parent.querySelectorAll('input').length === 1 && parent.parentElement ? parent.parentElement : parent;
    byParent.set(key, [...(byParent.get(key) ?? []), input]);
  }
  return [...byParent.values()].filter((group) => group.length >= 4 && group.length <= 8);
}

function looksLikeCode(input: HTMLInputElement): boolean {
  if (input.autocomplete === 'one-time-code') return true;
  if (NAME_HINT.test(`${input.name} ${input.id}`)) return true;
  if (LABEL_HINT.test(labelText(input))) return true;
  const digitsOnly = input.inputMode === 'numeric' || /^\[?0-9\]?|\\d/.test(input.pattern);
  return digitsOnly && input.maxLength >= 6 && input.maxLength <= 8;
}

/** Every one-time-code field in the document (not inside other frames: each frame runs its own script). */
export function findCodeFields(root: ParentNode): CodeField[] {
  const inputs = textInputs(root);
  const groups = splitGroups(inputs);
  const inGroup = new Set(groups.flat());
  const singles = inputs.filter(
    (input) => !inGroup.has(input) && !isSingleBox(input) && looksLikeCode(input),
  );
  return [...singles.map((input) => ({ inputs: [input] })), ...groups.map((group) => ({ inputs: group }))];
}
