// Bundles the browser code with esbuild into dist/public (served under /assets/):
// resident islands (engine/runtime/client.tsx, one bundle per language) and the staff console (admin/main.tsx).
// Entries that do not exist yet are skipped.
import { build, type Plugin } from 'esbuild';
import { minify } from 'terser';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const RESIDENT_TARGET = ['es2020', 'safari14.1', 'chrome80', 'firefox78'];

export const ENTRIES = [
  // Safari 14.1 (iOS 14.5), Chrome 80 (Android phones get it through Play): esbuild cannot lower destructuring
  // further; older browsers get the pages without JS, which work. One bundle per language (layout.tsx picks it).
  { in: 'engine/runtime/client.tsx', out: 'resident', target: RESIDENT_TARGET, lang: 'ja' },
  { in: 'engine/runtime/client.tsx', out: 'resident-en', target: RESIDENT_TARGET, lang: 'en' },
  { in: 'engine/runtime/styles.css', out: 'resident', target: RESIDENT_TARGET },
  // Staff work on current desktop browsers: no old-phone target (esbuild cannot lower destructuring to safari13).
  { in: 'admin/main.tsx', out: 'admin', target: ['es2020', 'chrome100', 'edge100', 'firefox100', 'safari15'] },
  // Printable sheets (engine/print): their stylesheet and print button.
  { in: 'engine/print/print.css', out: 'print', target: ['chrome100', 'edge100', 'firefox100', 'safari15'] },
  { in: 'engine/print/print-button.ts', out: 'print', target: ['es2020', 'chrome100', 'edge100', 'firefox100', 'safari15'] },
] as const;

// A resident bundle is made for one language. Its text tables (x.ja.ts / x.en.ts, the same export in both)
// are that language's only, and engine/rules is engine/runtime/rules-deferred.ts: json-logic-js is
// fetched only for forms with conditions.
function residentBundle(lang: 'ja' | 'en'): Plugin {
  return {
    name: 'resident-bundle',
    setup(b) {
      const rules = fileURLToPath(new URL('./rules', import.meta.url));
      b.onResolve({ filter: /(^|\/)rules(\/index)?$/ }, (a) =>
        resolve(a.resolveDir, a.path).replace(/\/index$/, '') === rules ? { path: fileURLToPath(new URL('./runtime/rules-deferred.ts', import.meta.url)) } : undefined,
      );
      b.onResolve({ filter: /\.(ja|en)$/ }, (a) => ({ path: resolve(a.resolveDir, `${a.path.slice(0, -3)}.${lang}.ts`) }));
    },
  };
}

export async function buildAssets(outdir = 'dist/public'): Promise<Record<string, { bytes: number; gzip: number }>> {
  mkdirSync(outdir, { recursive: true });
  const entryPoints = ENTRIES.filter((e) => existsSync(e.in));
  const sizes: Record<string, { bytes: number; gzip: number }> = {};
  const failed: unknown[] = [];
  // One build per entry, each with its own browser target; a broken entry does not stop the others.
  for (const e of entryPoints) {
    try {
      const result = await build({
        entryPoints: [{ in: e.in, out: e.out }],
        outdir,
        bundle: true,
        minify: true,
        format: 'esm',
        splitting: true,
        target: [...e.target],
        jsx: 'automatic',
        jsxImportSource: 'preact',
        metafile: true,
        legalComments: 'none',
        logLevel: 'warning',
        plugins: 'lang' in e ? [residentBundle(e.lang)] : [],
      });
      for (const file of Object.keys(result.metafile.outputs)) {
        // Residents' phones download this: terser's second pass takes about 2.5% more off esbuild's output.
        if ('lang' in e && file.endsWith('.js')) writeFileSync(file, (await minify(readFileSync(file, 'utf8'), { module: true, ecma: 2020, compress: { passes: 2 } })).code!);
        const buf = readFileSync(file);
        sizes[file] = { bytes: buf.length, gzip: gzipSync(buf).length };
      }
    } catch (err) {
      failed.push(err);
    }
  }
  writeFileSync(`${outdir}/sizes.json`, JSON.stringify(sizes, null, 2));
  if (failed.length) throw failed[0];
  return sizes;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const sizes = await buildAssets();
  for (const [file, s] of Object.entries(sizes)) console.log(`${file}: ${s.bytes} B (${s.gzip} B gzip)`);
}
