import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('..', import.meta.url)),
    include: ['engine/**/*.test.ts', 'blocks/**/*.test.ts', 'admin/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'test/reliability/**/*.long.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
