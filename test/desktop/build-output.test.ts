import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { skipReason } from '../support/skip';

const OUT = resolve(import.meta.dirname, '../../out');
const built = existsSync(resolve(OUT, 'preload/index.cjs')) && existsSync(resolve(OUT, 'main/index.js'));

describe.skipIf(skipReason('build output', built ? null : 'out/ is not built (npm run build)'))(
  'the Electron build',
  () => {
    it('has a CommonJS preload that requires nothing but electron (a sandboxed preload can load nothing else)', () => {
      const preload = readFileSync(resolve(OUT, 'preload/index.cjs'), 'utf8');
      const required = [...preload.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
      expect(new Set(required)).toEqual(new Set(['electron']));
      expect(preload).toContain('exposeInMainWorld');
      expect(preload).not.toMatch(/process\.env/);
    });

    it('has an ES module main that loads zxing-wasm from node_modules (its .wasm is read from the package)', () => {
      const main = readFileSync(resolve(OUT, 'main/index.js'), 'utf8');
      expect(main).toMatch(/^import /m);
      expect(main).not.toMatch(/\brequire\(["']electron["']\)/);
      expect(main).toContain('from "zxing-wasm/reader"');
      expect(main).toContain('zxing-wasm/reader/zxing_reader.wasm');
    });
  },
);
