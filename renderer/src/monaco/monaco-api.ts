// Monaco, loaded from the local package (never from a CDN) with only what a JSON request
// editor needs: the core API, the JSON language service and a handful of editor features.
// Importing 'monaco-editor' itself would pull in every language (about 3x the size).
import * as monaco from 'monaco-editor/editor/editor.api.js';
import 'monaco-editor/features/codeEditor/register.js';
import 'monaco-editor/features/codicon/register.js';
import 'monaco-editor/editor/browser/coreCommands.js';
import 'monaco-editor/features/bracketMatching/register.js';
import 'monaco-editor/features/clipboard/register.js';
import 'monaco-editor/features/contextmenu/register.js';
import 'monaco-editor/features/cursorUndo/register.js';
import 'monaco-editor/features/find/register.js';
import 'monaco-editor/features/folding/register.js';
import 'monaco-editor/features/format/register.js';
import 'monaco-editor/features/gotoError/register.js';
import 'monaco-editor/features/hover/register.js';
import 'monaco-editor/features/indentation/register.js';
import 'monaco-editor/features/linesOperations/register.js';
import 'monaco-editor/features/multicursor/register.js';
import 'monaco-editor/features/smartSelect/register.js';
import 'monaco-editor/features/snippet/register.js';
import 'monaco-editor/features/suggest/register.js';
import 'monaco-editor/editor/contrib/suggest/browser/suggestController.js';
import 'monaco-editor/features/wordHighlighter/register.js';
import 'monaco-editor/features/wordOperations/register.js';
import 'monaco-editor/features/tokenization/register.js';
import { jsonDefaults } from 'monaco-editor/languages/features/json/register.js';
// The JSON mode registers editor contributions (and their services) of its own. Monaco builds
// its service registry when the first editor is created, so the mode must be loaded before
// that, not lazily on the first JSON model: else the next editor fails on unknown services.
import 'monaco-editor/languages/features/json/jsonMode.js';

export { monaco, jsonDefaults };
export { defineWorkbenchThemes } from './themes';
