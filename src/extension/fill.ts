// Types a code the way a person would, so frameworks that listen for input events (React,
// Vue, Angular) see it: the native value setter, then input and change on each box.

function setValue(input: HTMLInputElement, value: string): void {
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
  input.focus();
  if (setter) setter.call(input, value);
  else input.value = value;
  input.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: value }));
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

/** Fills one field, or split boxes one character each. */
export function fillCode(inputs: readonly HTMLInputElement[], code: string): void {
  if (inputs.length === 1) {
    setValue(inputs[0] as HTMLInputElement, code);
    return;
  }
  inputs.forEach((input, index) => setValue(input, code[index] ?? ''));
}
