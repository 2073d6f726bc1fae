import { Command, type Option } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerExportCommand } from '../../src/cli/commands/export';
import { registerImportCommand } from '../../src/cli/commands/import';
import { exporterFor } from '../../src/desktop/export/exporters';
import { IMPORT_FORMAT_IDS, IMPORT_FORMATS, formatById } from '../../src/desktop/import/registry';
import { transferHandlers } from '../../src/desktop/ipc/handlers/transfer';
import { transferFeature } from '../../src/shared/ipc/channels/transfer';
import { EXPORT_FORMAT_IDS, EXPORT_FORMATS } from '../../src/shared/transfer/export-formats';

/** The `--format` option of a CLI command, as commander built it. */
function formatOption(register: (program: Command) => void, name: string): Option {
  const program = new Command('twofold');
  register(program);
  const option = program.commands
    .find((command) => command.name() === name)
    ?.options.find((candidate) => candidate.long === '--format');
  if (!option) throw new Error(`twofold ${name} has no --format`);
  return option;
}

describe('one list per transfer direction (issue 21, item 5)', () => {
  it("every importer has its own id, name and help, and Twofold's backup is one of them", () => {
    expect(IMPORT_FORMAT_IDS).toEqual(IMPORT_FORMATS.map((format) => format.id));
    expect(new Set(IMPORT_FORMAT_IDS).size).toBe(IMPORT_FORMAT_IDS.length);
    for (const format of IMPORT_FORMATS) {
      expect(format.label, format.id).not.toBe('');
      // Help says where the export is in that app, in a sentence.
      expect(format.help, format.id).toMatch(/^.{20,}\.$/);
      expect(formatById(format.id)).toBe(format);
    }
    expect(IMPORT_FORMAT_IDS).toContain('twofold-backup');
  });

  it('the CLI --format choices and the Transfer view list come from the registry', () => {
    expect(formatOption(registerImportCommand, 'import').argChoices).toEqual([...IMPORT_FORMAT_IDS]);
    // What the Transfer view lists: main's answer to transfer.importFormats.
    const listed = transferHandlers.importFormats();
    expect(listed).toEqual(IMPORT_FORMATS.map(({ id, label, help }) => ({ id, label, help })));
    expect(transferFeature.channels.importFormats.output.parse(listed)).toHaveLength(IMPORT_FORMATS.length);
  });

  it('export formats: one shared table read by main, the IPC contract and the CLI', () => {
    const option = formatOption(registerExportCommand, 'export');
    expect(option.argChoices).toEqual([...EXPORT_FORMAT_IDS]);
    for (const id of EXPORT_FORMAT_IDS) {
      const info = EXPORT_FORMATS[id];
      expect(option.description).toContain(`${id} (${info.cli})`);
      const exporter = exporterFor(id);
      expect(exporter).toMatchObject({ format: id, encrypted: info.encrypted, folder: info.folder });
      expect(exporter.what.startsWith(info.what)).toBe(true);
    }
    const input = transferFeature.channels.export.input;
    for (const format of EXPORT_FORMAT_IDS)
      expect(input.safeParse({ format, confirmed: true }).success).toBe(true);
    const refused = input.safeParse({ format: 'csv', confirmed: true });
    expect(refused.error?.issues[0]?.message).toBe('Choose aegis, google-qr, uris or backup.');
  });
});
