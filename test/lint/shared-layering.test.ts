import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ESLint } from 'eslint';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

// Code that only a platform-specific folder may write.
const PROBE = `import { createHmac } from 'node:crypto';
import { readFileSync } from 'fs';
import { gzipSync } from 'zlib';
import { app } from 'electron';
import { nodeOtpEngine } from '../../node/otp-engine';

export const used = [createHmac, readFileSync, gzipSync, app, nodeOtpEngine, document.title, window.location, process.env];
`;

async function restrictedReports(filePath: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: ROOT });
  const [result] = await eslint.lintText(PROBE, { filePath: join(ROOT, filePath) });
  return (result?.messages ?? [])
    .filter((message) => message.ruleId?.startsWith('no-restricted-') || message.ruleId === 'twofold/layers')
    .map((message) => {
      // Name each report by the module or expression it points at, so columns do not matter.
      const line = PROBE.split('\n')[message.line - 1] ?? '';
      const target = line.startsWith('import')
        ? /'([^']+)'/.exec(line)?.[1]
        : /^[\w.]+/.exec(line.slice(message.column - 1))?.[0];
      return `${message.ruleId}: ${target ?? '?'}`;
    });
}

describe('src/shared cannot reach for a platform', () => {
  it('ESLint reports Node built-ins, electron, process folders and DOM or Node globals in src/shared', async () => {
    const reports = await restrictedReports('src/shared/otp/__probe.ts');
    expect(reports).toEqual(
      expect.arrayContaining([
        'no-restricted-imports: node:crypto',
        'no-restricted-imports: fs',
        'no-restricted-imports: zlib',
        'no-restricted-imports: electron',
        'twofold/layers: ../../node/otp-engine',
        'no-restricted-globals: document.title',
        'no-restricted-globals: window.location',
        'no-restricted-globals: process.env',
      ]),
    );
    expect(reports).toHaveLength(8);
  });

  it('the rule is scoped: the same code in src/main is not reported', async () => {
    expect(await restrictedReports('src/main/__probe.ts')).toEqual([]);
  });

  it('tsconfig.shared.json has neither DOM nor Node types', () => {
    const { config, error } = ts.readConfigFile(join(ROOT, 'tsconfig.shared.json'), ts.sys.readFile);
    expect(error).toBeUndefined();
    const parsed = ts.parseJsonConfigFileContent(config, ts.sys, ROOT);
    expect(parsed.options.types).toEqual([]);
    expect((parsed.options.lib ?? []).filter((lib) => /dom|webworker/i.test(lib))).toEqual([]);
    expect(parsed.fileNames.some((file) => file.includes('/src/shared/'))).toBe(true);
  });

  describe('a typecheck with tsconfig.shared.json', () => {
    const dir = mkdtempSync(join(tmpdir(), 'twofold-shared-probe-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('does not know document, window, process or Buffer', () => {
      const probe = join(dir, 'probe.ts');
      writeFileSync(probe, 'export const used = [document, window, process, Buffer];\n');
      const { config } = ts.readConfigFile(join(ROOT, 'tsconfig.shared.json'), ts.sys.readFile);
      const { options } = ts.parseJsonConfigFileContent(config, ts.sys, ROOT);
      const program = ts.createProgram([probe], options);
      const unknown = ts
        .getPreEmitDiagnostics(program)
        .filter((diagnostic) => diagnostic.file?.fileName === probe)
        .map(
          (diagnostic) =>
            /Cannot find name '(\w+)'/.exec(
              ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'),
            )?.[1],
        );
      expect(unknown).toEqual(['document', 'window', 'process', 'Buffer']);
      expect(readFileSync(probe, 'utf8')).toContain('document');
    });
  });
});
