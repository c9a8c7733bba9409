// Lint rules. The import rules keep dependencies pointing downward:
//   renderer -> shared;  electron/main, electron/preload, electron/web-host -> electron/engine -> shared.
// A wrong import fails `npm run lint` (and so `npm test`) instead of a review.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const noElectronInEngine = {
  paths: [{ name: 'electron', message: 'The engine is pure Node: it runs in the web host, tests and benchmarks too.' }],
  patterns: [
    { group: ['**/main/**', '**/preload/**', '**/web-host/**'], message: 'The engine must not import its shells.' },
    { group: ['**/renderer/**'], message: 'The engine must not import the renderer.' },
  ],
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'release/**', 'test-results/**', 'playwright-report/**', 'bench/results/**', 'protos/**', '**/gen/**', '**/reflection-gen/**'] },
  // Build scripts and hooks run in Node.
  { files: ['**/*.cjs', '**/*.mjs'], languageOptions: { globals: { require: 'readonly', module: 'writable', process: 'readonly', console: 'readonly', __dirname: 'readonly', Buffer: 'readonly' } } },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['**/electron/**', '**/renderer/**', 'electron', 'node:*', 'react'], message: 'shared/ is the contract: it imports nothing from the app or from a platform.' }],
      }],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'The renderer talks to the shell only through the WorkbenchApi (renderer/src/bridge).' }],
        patterns: [
          { group: ['**/electron/**'], message: 'The renderer must not import the engine or the shells: use the WorkbenchApi from shared/.' },
          { group: ['node:*'], message: 'The renderer runs in a browser sandbox: no Node modules.' },
        ],
      }],
    },
  },
  {
    files: ['electron/engine/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', noElectronInEngine] },
  },
);
