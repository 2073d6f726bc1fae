/**
 * The Electron security gate: electronegativity over `src` (or --dir), offline, with the checks that cannot
 * apply turned off and the findings a person reviewed accepted, both in electronegativity.json with a reason
 * each. Any other finding, or a file the scanner could not parse, fails (exit 1).
 *
 *   npm run check:electron-security [-- --dir DIR] [--config FILE]
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';

const root = resolve(import.meta.dirname, '../..');

const configSchema = z.object({
  off: z.record(z.string(), z.string().min(10)),
  reviewed: z.array(
    z.object({
      check: z.string(),
      file: z.string(),
      /** Text the finding's code must contain: the review is about that line, not any line of the file. */
      sample: z.string(),
      /** Text the file must still contain, the reason the finding is safe; gone, the finding is new again. */
      fileContains: z.string().min(1),
      why: z.string().min(10),
    }),
  ),
});
type Config = z.infer<typeof configSchema>;

/** What electronegativity's runner answers (its own, untyped, shape). */
interface Finding {
  id: string;
  file: string;
  location: { line: number; column: number };
  sample?: string;
  description: string;
  severity: { name: string };
  confidence: { name: string };
}
interface RunResult {
  globalChecks: number;
  atomicChecks: number;
  errors: { file: string; message: string; tolerable: boolean }[];
  issues: Finding[];
}
type Runner = (options: Record<string, unknown>) => Promise<RunResult>;

/**
 * Loads the runner without its network: it fetches translations at start (and Electron's release list in
 * a check turned off here); both go through `got`, which is replaced by a refusal, and the bundled English
 * strings are used.
 */
function offlineRunner(): Runner {
  const from = createRequire(join(root, 'node_modules/@doyensec/electronegativity/package.json'));
  const seed = (path: string, exports: unknown) => {
    from.cache[path] = { id: path, filename: path, loaded: true, exports } as NodeJS.Module;
  };
  seed(from.resolve('got'), () => Promise.reject(new Error('the security gate runs offline')));
  const i18nModule = from.resolve('./dist/locales/i18n.js');
  const i18n = from('i18n') as {
    configure(options: Record<string, unknown>): void;
    setLocale(locale: string): void;
  };
  seed(i18nModule, async () => {
    i18n.configure({
      locales: ['en-US'],
      defaultLocale: 'en-US',
      directory: dirname(i18nModule),
      updateFiles: false,
      objectNotation: true,
      register: globalThis,
    });
    i18n.setLocale('en-US');
  });
  return from('./dist/runner.js') as Runner;
}

function electronVersion(): string {
  const manifest = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')) as {
    version: string;
  };
  return manifest.version;
}

/** Splits the findings into those a review in the config covers and the new ones; lists unused reviews. */
export function judge(
  findings: readonly Finding[],
  config: Config,
  readFile: (file: string) => string,
): { accepted: Finding[]; fresh: Finding[]; unused: Config['reviewed'] } {
  const used = new Set<number>();
  const accepted: Finding[] = [];
  const fresh: Finding[] = [];
  for (const finding of findings) {
    const index = config.reviewed.findIndex(
      (review) =>
        review.check === finding.id &&
        review.file === finding.file &&
        (finding.sample ?? '').includes(review.sample) &&
        readFile(finding.file).includes(review.fileContains),
    );
    if (index === -1) fresh.push(finding);
    else {
      used.add(index);
      accepted.push(finding);
    }
  }
  return { accepted, fresh, unused: config.reviewed.filter((_, index) => !used.has(index)) };
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      dir: { type: 'string', default: join(root, 'src') },
      config: { type: 'string', default: join(import.meta.dirname, 'electronegativity.json') },
    },
  });
  const dir = resolve(values.dir);
  const config = configSchema.parse(JSON.parse(readFileSync(values.config, 'utf8')));
  const result = await offlineRunner()({
    input: dir,
    isRelative: true,
    electronVersionOverride: electronVersion(),
    excludeFromScan: Object.keys(config.off),
  });
  const where = (finding: Finding) => `${finding.file}:${finding.location.line}:${finding.location.column}`;
  const { accepted, fresh, unused } = judge(result.issues, config, (file) =>
    readFileSync(join(dir, file), 'utf8'),
  );
  const unparsed = result.errors.filter((error) => !error.tolerable);
  console.log(
    `electronegativity over ${dir}: ${result.atomicChecks + result.globalChecks} checks ` +
      `(${Object.keys(config.off).length} turned off), ${result.issues.length} findings, ` +
      `${accepted.length} reviewed, ${fresh.length} new`,
  );
  for (const review of unused)
    console.log(`note: the review of ${review.check} in ${review.file} matched nothing; remove it if stale`);
  for (const error of unparsed)
    console.error(`NOT SCANNED ${error.file}: ${error.message} (the scanner could not parse it)`);
  for (const finding of fresh) {
    console.error(
      `NEW ${finding.id} (${finding.severity.name}, ${finding.confidence.name}) at ${where(finding)}: ` +
        `${finding.description}\n    ${(finding.sample ?? '').split('\n')[0]?.trim() ?? ''}`,
    );
  }
  if (fresh.length > 0 || unparsed.length > 0) {
    console.error(
      'The Electron security gate failed: fix the finding, or review it and add it to ' +
        'scripts/security/electronegativity.json with the reason it is safe.',
    );
    return 1;
  }
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exit(2);
    },
  );
}
