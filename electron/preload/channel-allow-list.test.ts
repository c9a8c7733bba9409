import { describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, EVENTS_CHANNEL } from '../../shared/contract';
import { isContractChannel } from './channel-allow-list';
import { isMenuCommand, MENU_COMMANDS } from './menu-commands';

describe('isContractChannel', () => {
  it('accepts every contract channel', () => {
    for (const channel of CHANNEL_NAMES) expect(isContractChannel(channel), channel).toBe(true);
  });

  it.each([EVENTS_CHANNEL, 'menu:command', 'ELECTRON_BROWSER_REQUIRE', 'files:pick ', 'FILES:PICK', '', 'constructor', '__proto__', 'toString', 42, null, undefined, {}])(
    'rejects %s',
    (channel) => {
      expect(isContractChannel(channel)).toBe(false);
    },
  );
});

describe('isMenuCommand', () => {
  it('accepts exactly the fixed menu commands', () => {
    expect(MENU_COMMANDS).toEqual(['menu:importProtos', 'menu:startDemoServer']);
    for (const command of MENU_COMMANDS) expect(isMenuCommand(command)).toBe(true);
    for (const other of ['menu:quit', 'menu:importprotos', '', 1, null]) expect(isMenuCommand(other)).toBe(false);
  });
});
