// Bundles the browser code with esbuild into dist/public (served under /assets/):
// resident islands (engine/runtime/client.tsx) and the staff console (admin/main.tsx).
// Entries that do not exist yet are skipped.
import { build } from 'esbuild';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';

export const ENTRIES = [
  { in: 'engine/runtime/client.tsx', out: 'resident' },
  { in: 'admin/main.tsx', out: 'admin' },
] as const;

export async function buildAssets(outdir = 'dist/public'): Promise<Record<string, { bytes: number; gzip: number }>> {
  mkdirSync(outdir, { recursive: true });
  const entryPoints = ENTRIES.filter((e) => existsSync(e.in));
  const sizes: Record<string, { bytes: number; gzip: number }> = {};
  if (entryPoints.length === 0) return sizes;
  const result = await build({
    entryPoints: entryPoints.map((e) => ({ in: e.in, out: e.out })),
    outdir,
    bundle: true,
    minify: true,
    format: 'esm',
    splitting: true,
    target: ['es2019', 'safari13'],
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
  writeFileSync(`${outdir}/sizes.json`, JSON.stringify(sizes, null, 2));
  return sizes;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const sizes = await buildAssets();
  for (const [file, s] of Object.entries(sizes)) console.log(`${file}: ${s.bytes} B (${s.gzip} B gzip)`);
}
