import * as monaco from 'monaco-editor/editor/editor.api.js';
import { DARK_THEME, LIGHT_THEME } from './theme-names';

/** Editor themes that sit on the app's own surface colours (see styles/theme.css). */
export function defineWorkbenchThemes(): void {
  monaco.editor.defineTheme(LIGHT_THEME, {
    base: 'vs',
    inherit: true,
    rules: [
      { token: 'string.key.json', foreground: '0451a5' },
      { token: 'string.value.json', foreground: 'a31515' },
      { token: 'number', foreground: '098658' },
      { token: 'keyword.json', foreground: '0000ff' },
    ],
    colors: {
      'editor.background': '#ffffff',
      'editorLineNumber.foreground': '#a0a4ab',
      'editorGutter.background': '#ffffff',
      'editor.lineHighlightBorder': '#00000000',
      'editor.lineHighlightBackground': '#f3f5f8',
    },
  });
  monaco.editor.defineTheme(DARK_THEME, {
    base: 'vs-dark',
    inherit: true,
    rules: [
      { token: 'string.key.json', foreground: '9cdcfe' },
      { token: 'string.value.json', foreground: 'ce9178' },
      { token: 'number', foreground: 'b5cea8' },
      { token: 'keyword.json', foreground: '569cd6' },
    ],
    colors: {
      'editor.background': '#1b1d21',
      'editorGutter.background': '#1b1d21',
      'editorLineNumber.foreground': '#5c626d',
      'editor.lineHighlightBorder': '#00000000',
      'editor.lineHighlightBackground': '#23262c',
    },
  });
}
