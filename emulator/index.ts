export { startEmulator, EmulatorInputError } from './emulator';
export type { Emulator, ScenarioResult } from './emulator';
export type { EmulatedStore, EmulatorOptions, Fault } from './config';
export type { RecordedReply } from './recorder';
export type { ShopifyDeliveryRecord } from './shopify/webhookSender';
export { TrafficGenerator } from './traffic';
export type { EmulatedOrder, OrderStep, Scenario } from './traffic';
