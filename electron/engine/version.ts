/** The app's version, shown in the UI and sent in the user agent. Kept in step with package.json by a test. */
export const APP_VERSION = '0.1.0';
