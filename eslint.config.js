// Lint rules that keep the architecture honest (style.md): raw ipcMain/ipcRenderer live in exactly
// two files, shell.openExternal in one helper, and nothing under src/main outside the Electron
// shell (src/main/index.ts, src/main/electron/) imports electron.
import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

const IPC_FILES = ['src/main/electron/ipc-adapter.ts', 'src/preload/index.ts']
const ELECTRON_SHELL = ['src/main/index.ts', 'src/main/electron/**', 'src/preload/**']

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', '.preview-build/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' },
        { selector: "Identifier[name='ipcMain']", message: 'Raw ipcMain only in src/main/electron/ipc-adapter.ts.' },
        { selector: "Identifier[name='ipcRenderer']", message: 'Raw ipcRenderer only in src/preload/index.ts.' },
        {
          selector: "MemberExpression[property.name='openExternal'][object.name='shell']",
          message: 'Open links only through openExternalSafely (src/main/electron/external-links.ts).'
        }
      ]
    }
  },
  {
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    ignores: ELECTRON_SHELL,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'Services, database and shared code never import electron.' }]
        }
      ]
    }
  },
  {
    // Every promise is awaited: the data layer is async (kysely), and an un-awaited write is a
    // write that may land after its transaction, or never.
    files: ['src/main/**/*.ts', 'src/cli/**/*.ts', 'src/preview/server/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }]
    }
  },
  {
    files: IPC_FILES,
    rules: {
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }]
    }
  },
  {
    files: ['src/main/electron/open-in-browser.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' },
        { selector: "Identifier[name='ipcMain']", message: 'Raw ipcMain only in src/main/electron/ipc-adapter.ts.' },
        { selector: "Identifier[name='ipcRenderer']", message: 'Raw ipcRenderer only in src/preload/index.ts.' }
      ]
    }
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}', 'src/preview/client/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules }
  },
  {
    // Config files are loaded by their tools, which require a default export.
    files: ['*.config.ts', '*.config.js', 'eslint.config.js'],
    rules: { 'no-restricted-syntax': 'off' }
  }
)
