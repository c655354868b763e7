// Bundles the browser code with esbuild into dist/public (served under /assets/):
// resident islands (engine/runtime/client.tsx) and the staff console (admin/main.tsx).
// Entries that do not exist yet are skipped.
import { build } from 'esbuild';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';

export const ENTRIES = [
  // Safari 14.1 (iOS 14.5): esbuild cannot lower destructuring further; older browsers get the pages without JS, which work.
  { in: 'engine/runtime/client.tsx', out: 'resident', target: ['es2019', 'safari14.1'] },
  // Staff work on current desktop browsers: no old-phone target (esbuild cannot lower destructuring to safari13).
  { in: 'admin/main.tsx', out: 'admin', target: ['es2020', 'chrome100', 'edge100', 'firefox100', 'safari15'] },
  // Printable sheets (engine/print): their stylesheet and print button.
  { in: 'engine/print/print.css', out: 'print', target: ['chrome100', 'edge100', 'firefox100', 'safari15'] },
  { in: 'engine/print/print-button.ts', out: 'print', target: ['es2020', 'chrome100', 'edge100', 'firefox100', 'safari15'] },
] as const;

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
      });
      for (const file of Object.keys(result.metafile.outputs)) {
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
