import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestPki } from '../../../test/support/transport-pki';
import { defaultConnectionSettings } from '../../../shared/connection';
import { ChannelRecipes } from './channel-recipe';

describe('ChannelRecipes', () => {
  const pki = createTestPki();
  afterAll(() => pki.dispose());
  it('remembers plaintext settings: the same settings give the same recipe without parsing again', () => {
    const recipes = new ChannelRecipes();
    const first = recipes.recipeFor(defaultConnectionSettings('127.0.0.1:50051'));
    const again = recipes.recipeFor(defaultConnectionSettings('127.0.0.1:50051'));
    expect(first.ok && again.ok).toBe(true);
    if (!first.ok || !again.ok) return;
    expect(again.value).toBe(first.value);
    const other = recipes.recipeFor(defaultConnectionSettings('127.0.0.1:50052'));
    expect(other.ok && other.value.key).not.toBe(first.value.key);
  });

  it('reads TLS files again on every call: a replaced CA file changes the channel key', () => {
    const caPath = join(pki.dir, 'chosen-ca.pem');
    copyFileSync(pki.caCert, caPath);
    const settings = defaultConnectionSettings('127.0.0.1:50051');
    const tls = { ...settings, tls: { ...settings.tls, enabled: true, caPath } };
    const recipes = new ChannelRecipes();
    const first = recipes.recipeFor(tls);
    copyFileSync(pki.otherCaCert, caPath);
    const second = recipes.recipeFor(tls);
    if (!first.ok || !second.ok) throw new Error(`recipe failed: ${JSON.stringify(first.ok ? second : first)}`);
    expect(second.value.key).not.toBe(first.value.key);
  });

  it('does not remember a refusal: a bad target is explained each time', () => {
    const recipes = new ChannelRecipes();
    const bad = recipes.recipeFor(defaultConnectionSettings('dns:///'));
    expect(bad.ok).toBe(false);
    expect(recipes.recipeFor(defaultConnectionSettings('dns:///')).ok).toBe(false);
  });
});
