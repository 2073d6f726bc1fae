/** A form's error in words, announced when it appears; nothing when there is none. */
export function FormError({ message }: { message: string | null | undefined }): React.JSX.Element | null {
  if (!message) return null;
  return (
    <p className="field__error" role="alert">
      {message}
    </p>
  );
}
