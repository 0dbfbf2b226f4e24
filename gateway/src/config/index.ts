export * from './gateway-config';
export * from './load-config';
export * from './network-config';
