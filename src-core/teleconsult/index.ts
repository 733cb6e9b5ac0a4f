// Public edge of the live-call half of teleconsultation. The simple-peer adapter is imported
// directly from './adapters/simple-peer-factory' by the shell that wires a call, so importing this
// barrel never pulls simple-peer in.
export * from './bandwidth-policy';
export * from './call-records';
export * from './call-session';
export * from './call-state';
export * from './data-channel-framing';
export * from './ladder-applier';
export * from './link-stats';
export * from './media-constraints';
export * from './opus-sdp';
export * from './peer-factory';
export * from './signaling-client';
export * from './signaling-protocol';
