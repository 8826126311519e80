import type { Platform } from '../../shared';
import type { Connector } from './types';

/**
 * The registry of connectors by platform. A platform without an entry has no connector
 * yet: stores on it can be created but receive nothing. See README.md here for the recipe.
 */
export const connectors: Partial<Record<Platform, Connector<unknown>>> = {};

export function connectorFor(platform: Platform): Connector<unknown> | undefined {
  return connectors[platform];
}
