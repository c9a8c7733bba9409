import type { ChannelOptions } from '@grpc/grpc-js';
import type { ConnectionSettings } from '../../../shared/connection';
import { ok, type Result } from '../../../shared/result';
import { buildChannelOptions } from './channel-options';
import { loadSecurityMaterial, type SecurityMaterial } from './credentials';
import { parseTarget, type ParsedTarget } from './target';

/** What connection settings make of a channel: its target, credentials, options and pool key. */
export interface ChannelRecipe {
  target: ParsedTarget;
  /** TLS is on only because the target was https://. */
  tlsImpliedByScheme: boolean;
  material: SecurityMaterial;
  channelOptions: ChannelOptions;
  /** channelOptions plus what the credentials imply (authority, TLS name override). */
  options: ChannelOptions;
  /** Equal keys share one channel: target, credentials by content, options. */
  key: string;
}

function sortedOptions(options: ChannelOptions): [string, unknown][] {
  return Object.entries(options).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Parse and check settings into a recipe. Errors: BAD_TARGET, TLS, INVALID_REQUEST. */
export function channelRecipe(settings: ConnectionSettings): Result<ChannelRecipe> {
  const target = parseTarget(settings.target);
  if (!target.ok) return target;
  const useTls = settings.tls.enabled || target.value.tlsFromScheme === true;
  const material = loadSecurityMaterial(settings.tls, useTls, target.value.host);
  if (!material.ok) return material;
  const channelOptions = buildChannelOptions(settings);
  if (!channelOptions.ok) return channelOptions;
  const options: ChannelOptions = { ...channelOptions.value, ...material.value.options };
  const key = JSON.stringify([target.value.uri, target.value.pathPrefix, material.value.fingerprint, sortedOptions(options)]);
  return ok({ target: target.value, tlsImpliedByScheme: useTls && !settings.tls.enabled, material: material.value, channelOptions: channelOptions.value, options, key });
}

const MAX_REMEMBERED = 64;

/**
 * Recipes of settings that read no file, remembered: every call acquires its channel, and
 * parsing the target, hashing the credentials and sorting the options again cost a unary call
 * on loopback about a tenth of its time (measured with --cpu-prof). Settings with TLS are
 * never remembered: their fingerprint is the content of certificate files the user may have
 * replaced since the last call, so those are read again each time.
 */
export class ChannelRecipes {
  private readonly remembered = new Map<string, ChannelRecipe>();

  recipeFor(settings: ConnectionSettings): Result<ChannelRecipe> {
    const settingsKey = JSON.stringify(settings);
    const known = this.remembered.get(settingsKey);
    if (known !== undefined) return ok(known);
    const made = channelRecipe(settings);
    if (made.ok && !made.value.material.description.tls) {
      if (this.remembered.size >= MAX_REMEMBERED) this.remembered.clear();
      this.remembered.set(settingsKey, made.value);
    }
    return made;
  }
}
