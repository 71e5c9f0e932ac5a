/**
 * node:crypto, loaded the first time a function needs it: most charts call no crypto function, and
 * loading the module is a noticeable part of `tugboat template`'s start-up.
 */
type NodeCrypto = typeof import('node:crypto');

let loaded: NodeCrypto | undefined;

export function nodeCrypto(): NodeCrypto {
  return (loaded ??= process.getBuiltinModule('node:crypto'));
}
