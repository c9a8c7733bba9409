import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import type { MenuCommand } from '../preload/menu-commands';
import { buildMenuTemplate } from './menu-template';

function build(isPackaged: boolean, isMac = false) {
  const sent: MenuCommand[] = [];
  const template = buildMenuTemplate({ appName: 'gRPC Workbench', isMac, isPackaged, sendCommand: (command) => sent.push(command) });
  return { template, sent };
}
function submenuOf(template: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions[] {
  const menu = template.find((item) => item.label === label || (label === 'Help' && item.role === 'help'));
  expect(menu, label).toBeDefined();
  return Array.isArray(menu?.submenu) ? menu.submenu : [];
}
function roles(items: MenuItemConstructorOptions[]): string[] {
  return items.flatMap((item) => (item.role ? [item.role] : []));
}
function click(item: MenuItemConstructorOptions | undefined): void {
  // The handler ignores its Electron arguments; the casts stand in for objects only Electron can make.
  item?.click?.(...([{}, undefined, {}] as unknown as Parameters<NonNullable<MenuItemConstructorOptions['click']>>));
}

describe('buildMenuTemplate', () => {
  it('has File, Edit, View and Help in order (plus the app menu on macOS)', () => {
    expect(build(true).template.map((item) => item.label ?? item.role)).toEqual(['File', 'Edit', 'View', 'help']);
    expect(build(true, true).template.map((item) => item.label ?? item.role)).toEqual(['gRPC Workbench', 'File', 'Edit', 'View', 'help']);
  });

  it('sends the fixed UI commands from File', () => {
    const { template, sent } = build(true);
    const file = submenuOf(template, 'File');
    expect(file.map((item) => item.label ?? item.role ?? item.type)).toEqual(['Import protos…', 'Start demo server', 'separator', 'quit']);
    click(file.find((item) => item.id === 'import-protos'));
    click(file.find((item) => item.id === 'start-demo-server'));
    expect(sent).toEqual(['menu:importProtos', 'menu:startDemoServer']);
  });

  it('uses the standard edit roles', () => {
    expect(roles(submenuOf(build(true).template, 'Edit'))).toEqual(['undo', 'redo', 'cut', 'copy', 'paste', 'delete', 'selectAll']);
  });

  it('offers reload and DevTools only when not packaged', () => {
    const packaged = roles(submenuOf(build(true).template, 'View'));
    const development = roles(submenuOf(build(false).template, 'View'));
    expect(packaged).toEqual(['zoomIn', 'zoomOut', 'resetZoom', 'togglefullscreen']);
    expect(development).toEqual(['zoomIn', 'zoomOut', 'resetZoom', 'togglefullscreen', 'reload', 'forceReload', 'toggleDevTools']);
  });

  it('has About in Help', () => {
    expect(roles(submenuOf(build(true).template, 'Help'))).toEqual(['about']);
  });
});
