import path from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

/**
 * electron-builder.yml is only read when packaging, which needs the Electron binary this
 * machine cannot download. So the config is loaded and validated here with
 * electron-builder's own loader and JSON schema, and the security fuses are pinned.
 */
const require = createRequire(import.meta.url);
const repoRoot = path.resolve(import.meta.dirname, '..');

type AnyFunction = (...args: unknown[]) => unknown;
const fn = z.custom<AnyFunction>((value) => typeof value === 'function', 'a function');
const builderConfigModule = z.object({ getConfig: fn, validateConfiguration: fn });
const builderUtilModule = z.object({ DebugLogger: z.custom<new (enabled: boolean) => object>((v) => typeof v === 'function') });

async function loadBuilderConfig(): Promise<Record<string, unknown>> {
  const configLib = builderConfigModule.parse(require('app-builder-lib/out/util/config/config'));
  const { DebugLogger } = builderUtilModule.parse(require('builder-util'));
  const config: unknown = await configLib.getConfig(repoRoot, 'electron-builder.yml', null);
  await configLib.validateConfiguration(config, new DebugLogger(false));
  return z.record(z.string(), z.unknown()).parse(config);
}

describe('electron-builder.yml', () => {
  it('passes electron-builder schema validation and names the app', async () => {
    const config = await loadBuilderConfig();
    expect(config['appId']).toBe('com.huixin.desktop');
    expect(config['productName']).toBe('Huixin');
    expect(Object.keys(config)).toEqual(expect.arrayContaining(['linux', 'mac', 'win']));
  });

  it('flips the hardening fuses', async () => {
    const config = await loadBuilderConfig();
    expect(config['electronFuses']).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });
});
