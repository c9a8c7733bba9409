// The menu command vocabulary lives in the contract (shared/electron-api.ts); re-exported for the glue.
export { MENU_COMMAND_CHANNEL, MENU_COMMANDS, isMenuCommand, type MenuCommand } from '../../shared/electron-api';
