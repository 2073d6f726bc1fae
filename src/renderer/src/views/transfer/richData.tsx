/** Data inside a catalogue sentence (paths, account names, folders): never translated, read left to right. */
export function dataChunks(chunks: React.ReactNode[]): React.ReactNode {
  return (
    <span translate="no" dir="ltr">
      {chunks}
    </span>
  );
}
