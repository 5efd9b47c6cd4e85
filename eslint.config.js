// Lint rules that keep the architecture honest (style.md): raw ipcMain/ipcRenderer live in exactly
// two files, shell.openExternal in one helper, nothing under src/main outside the Electron
// shell (src/main/index.ts, src/main/electron/) imports electron, and the boundaries between the
// parts of src/ hold (see BOUNDARIES below).
import { readdirSync } from 'node:fs'
import js from '@eslint/js'
import { createNodeResolver, importX } from 'eslint-plugin-import-x'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

const IPC_FILES = ['src/main/electron/ipc-adapter.ts', 'src/preload/index.ts']
const ELECTRON_SHELL = ['src/main/index.ts', 'src/main/electron/**', 'src/preload/**']

// BOUNDARIES. Paths in `from`/`except` are absolute globs (import-x matches them against the
// resolved file); `target` is relative to this folder.
const ROOT = import.meta.dirname
const SRC = `${ROOT}/src`

/** A zone: files under `target` import nothing from src/ but the `allowed` folders (their own included). */
function onlyFrom(target, allowed, message) {
  return { target, from: `${SRC}/**`, except: allowed.map((folder) => `${SRC}/${folder}/**`), message }
}

// (b)-(d) and the preload: what runs in a page, in the simulator or on both sides imports no
// service code, so it bundles for the browser and tests without a desk behind it.
const SEPARATE_SIDES = [
  onlyFrom('src/renderer/**', ['renderer', 'shared'], 'The renderer imports only src/shared and its own files.'),
  onlyFrom('src/preview/client/**', ['preview/client', 'renderer', 'shared'], 'The preview client is the renderer in a browser tab: src/renderer and src/shared only.'),
  onlyFrom('src/sandbox/**', ['sandbox', 'shared'], 'The sandbox simulates Pi and Horizon; it never imports the desk it is testing.'),
  onlyFrom('src/shared/**', ['shared'], 'src/shared is imported by every side and imports none of them.'),
  onlyFrom('src/preload/**', ['preload', 'shared'], 'The preload only bridges the contract in src/shared.')
]

// (a) A folder of src/main is entered through its index.ts; inside its own folder anything goes.
// Read from the disk so a new folder is covered the day it appears.
const MAIN_FOLDERS = readdirSync(`${ROOT}/src/main`, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
const THROUGH_INDEX = 'Import another src/main folder through its index.ts, never one of its files.'
const MAIN_FOLDER_ENTRIES = [
  ...MAIN_FOLDERS.map((folder) => ({
    target: `src/main/${folder}/**`,
    from: `${SRC}/main/**`,
    except: [`${SRC}/main/${folder}/**`, `${SRC}/main/*/index.ts`],
    message: THROUGH_INDEX
  })),
  // The Electron entry (src/main/index.ts) is a caller like any other.
  { target: 'src/main/*.ts', from: `${SRC}/main/**`, except: [`${SRC}/main/*.ts`, `${SRC}/main/*/index.ts`], message: THROUGH_INDEX }
]

// (f) The front doors other than Electron use main through its folders' index.ts files.
const FRONT_DOOR_ENTRIES = ['src/cli/**', 'src/preview/server/**', 'src/preview/serve.ts'].map((target) => ({
  target,
  from: `${SRC}/main/**`,
  except: [`${SRC}/main/*/index.ts`],
  message: 'The CLI and the preview server use src/main through its folders\' index.ts files only.'
}))


/** The syntax no file may use (some files below lift one of these for themselves). */
const SYNTAX_RULES = [
  { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' },
  { selector: "Identifier[name='ipcMain']", message: 'Raw ipcMain only in src/main/electron/ipc-adapter.ts.' },
  { selector: "Identifier[name='ipcRenderer']", message: 'Raw ipcRenderer only in src/preload/index.ts.' },
  {
    selector: "MemberExpression[property.name='openExternal'][object.name='shell']",
    message: 'Open links only through openExternalSafely (src/main/electron/external-links.ts).'
  }
]

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', '.preview-build/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-syntax': ['error', ...SYNTAX_RULES]
    }
  },
  {
    // One data layer (style.md 5): every query goes through kysely on `store.db`, so it runs on
    // either engine; the raw SQLite connection is the database folder's alone.
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/main/db/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...SYNTAX_RULES,
        {
          selector: "CallExpression[callee.property.name='prepare']",
          message: 'No raw statements outside src/main/db: query through kysely on store.db.'
        },
        {
          selector: "MemberExpression[property.name='sqlite']",
          message: 'The raw SQLite connection belongs to src/main/db: query through kysely on store.db.'
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
    // The tests and benchmarks too: a figure that closed the database under a pending write
    // failed the run after every test had passed.
    files: ['src/main/**/*.ts', 'src/cli/**/*.ts', 'src/preview/server/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
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
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.json'] })],
      // Without these no-cycle cannot read a .ts file, and silently finds no cycle.
      'import-x/extensions': ['.ts', '.tsx', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] }
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: ROOT, zones: SEPARATE_SIDES }],
      'import-x/no-cycle': 'error'
    }
  },
  {
    // Node built-ins (fs, path, node:*) do not exist in a page; src/shared runs in one too.
    files: ['src/renderer/**/*.{ts,tsx}', 'src/preview/client/**/*.{ts,tsx}', 'src/shared/**/*.ts'],
    rules: { 'import-x/no-nodejs-modules': 'error' }
  },
  {
    files: ['src/main/**/*.ts'],
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: ROOT, zones: MAIN_FOLDER_ENTRIES }],
      'import-x/no-cycle': 'error'
    }
  },
  {
    files: ['src/cli/**/*.ts', 'src/preview/server/**/*.ts', 'src/preview/serve.ts'],
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: ROOT, zones: FRONT_DOOR_ENTRIES }],
      'import-x/no-cycle': 'error'
    }
  },
  {
    // Config files are loaded by their tools, which require a default export.
    files: ['*.config.ts', '*.config.js', 'eslint.config.js'],
    rules: { 'no-restricted-syntax': 'off' }
  }
)
