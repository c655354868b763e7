// One rule set, run by `npm run lint` (part of `npm test`): a database call that
// is not awaited would run outside its transaction or lose its error, and the
// types alone do not show it.
import tseslint from 'typescript-eslint';

export default tseslint.config({
  files: ['engine/**/*.{ts,tsx}', 'blocks/**/*.{ts,tsx}', 'admin/**/*.{ts,tsx}', 'test/**/*.{ts,tsx}', 'examples/**/*.{ts,tsx}'],
  ignores: ['**/dist/**'],
  languageOptions: {
    parser: tseslint.parser,
    parserOptions: { projectService: true, tsconfigRootDir: new URL('..', import.meta.url).pathname },
  },
  plugins: { '@typescript-eslint': tseslint.plugin },
  linterOptions: { reportUnusedDisableDirectives: 'off' },
  rules: {
    '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: true }],
    '@typescript-eslint/await-thenable': 'error',
  },
});
