// Lint rules. The one that matters most: geo/ is a pure library that runs in Node and in the browser,
// so it may not import the server, the client, the seed, or Node-only modules; contracts/ (the API's JSON types,
// shared by server and client) is held to the same.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeOnly = ['fs', 'path', 'os', 'child_process', 'net', 'http', 'https', 'crypto', 'worker_threads', 'stream', 'zlib', 'url', 'process', 'pg', 'express'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', 'bench-results/**', 'docs/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['geo/**/*.ts'],
    languageOptions: { globals: { ...globals['shared-node-browser'] } },
    rules: {
      'no-restricted-imports': ['error', {
        paths: nodeOnly.flatMap((m) => [{ name: m, message: 'geo/ is pure: no Node-only modules.' }, { name: `node:${m}`, message: 'geo/ is pure: no Node-only modules.' }]),
        patterns: [
          { group: ['**/server/**', '**/client/**', '**/seed/**', 'node:*'], message: 'geo/ may not import server/, client/, seed/ or Node modules.' },
        ],
      }],
      'no-restricted-globals': ['error', { name: 'process', message: 'geo/ is pure: no process.env.' }, { name: 'require', message: 'geo/ is ESM.' }],
    },
  },
  {
    // contracts/ is the JSON the API speaks, imported by the server and the client: types only, no Node or DOM.
    files: ['contracts/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': ['error', {
        paths: nodeOnly.flatMap((m) => [{ name: m, message: 'contracts/ is shared with the client: no Node-only modules.' }, { name: `node:${m}`, message: 'contracts/ is shared with the client: no Node-only modules.' }]),
        patterns: [
          { group: ['**/server/**', '**/client/**', '**/seed/**', 'node:*'], message: 'contracts/ may not import server/, client/, seed/ or Node modules.' },
        ],
      }],
    },
  },
);
