export * from './dev-stack';
export * from './network-child';
