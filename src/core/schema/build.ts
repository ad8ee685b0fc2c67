// Small builders for the JSON Schemas. Besides standard JSON Schema, each node may carry:
//   default        the value `ipfs-cluster-service init` writes
//   x-omit         'empty': Go `omitempty` (not written when zero); 'default': hidden unless it
//                  differs from the default (cluster's `hidden` config fields)
//   x-strings      a multiaddress list of Go type config.Strings: one entry is written as a string
//   x-sorted       the object is a Go map: keys are written sorted byte-wise
//   x-secret       redacted by `get` unless --show-secrets
//   x-env          on a component section: the envconfig prefix (CLUSTER, CLUSTER_CRDT, ...)
//   x-lenient      the daemon ignores a bad value and keeps the default (reported as a warning)
//   x-zero         'default': the daemon reads a zero value (0, "", "0s", []) as the default
// Everything else about a key (its env var name, its parser for `set`) is derived from these.

export type Omit = 'empty' | 'default'
export interface Meta {
  'x-omit'?: Omit
  'x-secret'?: true
  'x-lenient'?: true
  'x-zero'?: 'default'
  description?: string
}

export const str = <D extends string, M extends Meta = {}>(d: D, m?: M) =>
  ({type: 'string', default: d, ...m}) as {readonly type: 'string'; readonly default: D} & M
export const bool = <D extends boolean, M extends Meta = {}>(d: D, m?: M) =>
  ({type: 'boolean', default: d, ...m}) as {readonly type: 'boolean'; readonly default: D} & M
export const int = <D extends number, M extends Meta & {minimum?: number} = {}>(d: D, m?: M) =>
  ({type: 'integer', default: d, ...m}) as {readonly type: 'integer'; readonly default: D} & M
export const num = <D extends number, M extends Meta = {}>(d: D, m?: M) =>
  ({type: 'number', default: d, ...m}) as {readonly type: 'number'; readonly default: D} & M
export const dur = <D extends string, M extends Meta = {}>(d: D, m?: M) =>
  ({type: 'string', format: 'go-duration', default: d, ...m}) as {
    readonly type: 'string'
    readonly format: 'go-duration'
    readonly default: D
  } & M
export const maddr = <D extends string, M extends Meta = {}>(d: D, m?: M) =>
  ({type: 'string', format: 'multiaddr', default: d, ...m}) as {
    readonly type: 'string'
    readonly format: 'multiaddr'
    readonly default: D
  } & M
/** config.Strings: a string (one address, "" = none) or a list of addresses. */
export const maddrs = <const D extends string | readonly string[], M extends Meta = {}>(d: D, m?: M) =>
  ({
    'x-strings': true,
    anyOf: [
      {type: 'string', format: 'multiaddr-or-empty'},
      {type: 'array', items: {type: 'string', format: 'multiaddr'}},
    ],
    default: d,
    ...m,
  }) as unknown as {
    readonly 'x-strings': true
    readonly anyOf: readonly [
      {readonly type: 'string'; readonly format: 'multiaddr-or-empty'},
      {readonly type: 'array'; readonly items: {readonly type: 'string'; readonly format: 'multiaddr'}},
    ]
    readonly default: D
  } & M
export const strList = <const D extends readonly string[] | null, M extends Meta & {format?: string} = {}>(
  d: D,
  m?: M,
) => {
  const {format, ...meta} = m ?? {}
  return {type: ['array', 'null'], items: {type: 'string', ...(format ? {format} : {})}, default: d, ...meta} as unknown as {
    readonly type: readonly ['array', 'null']
    readonly items: {readonly type: 'string'}
    readonly default: D
  } & M
}
/** A Go map[string]string: `null` or an object. */
export const strMap = <const D extends Record<string, string> | null, M extends Meta = {}>(d: D, m?: M) =>
  ({type: ['object', 'null'], 'x-sorted': true, additionalProperties: {type: 'string'}, default: d, ...m}) as unknown as {
    readonly type: readonly ['object', 'null']
    readonly 'x-sorted': true
    readonly additionalProperties: {readonly type: 'string'}
    readonly default: D
  } & M

export const obj = <const P extends Record<string, unknown>, M extends Meta & {'x-env'?: string; 'x-sorted'?: true} = {}>(
  properties: P,
  m?: M,
) => ({type: 'object', properties, ...m}) as {readonly type: 'object'; readonly properties: P} & M
