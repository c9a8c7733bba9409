/** Names of the editor themes (defined in themes.ts once Monaco has loaded). */
export const LIGHT_THEME = 'workbench-light';
export const DARK_THEME = 'workbench-dark';
