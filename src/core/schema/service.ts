// JSON Schema of ipfs-cluster-service v1.1.6's service.json. Property order is the order Go writes;
// defaults are what `ipfs-cluster-service init` writes (checked byte for byte by the e2e tests).
import type {FromSchema} from 'json-schema-to-ts'

import {bool, dur, int, maddr, maddrs, num, obj, str, strList, strMap} from './build.js'

const hiddenDefault = {'x-omit': 'default'} as const
const omitEmpty = {'x-omit': 'empty'} as const
const lenient = {'x-lenient': true} as const
const zeroIsDefault = {'x-zero': 'default'} as const
const raftValue = {'x-lenient': true, 'x-zero': 'default'} as const

export const clusterSection = obj(
  {
    id: str('', omitEmpty),
    peername: str(''),
    private_key: str('', {'x-omit': 'empty', 'x-secret': true}),
    secret: {type: 'string', format: 'cluster-secret', default: '', 'x-secret': true},
    leave_on_shutdown: bool(false),
    listen_multiaddress: maddrs(['/ip4/0.0.0.0/tcp/9096', '/ip4/0.0.0.0/udp/9096/quic']),
    announce_multiaddress: maddrs([]),
    no_announce_multiaddress: maddrs([]),
    enable_relay_hop: bool(true),
    connection_manager: obj({
      high_water: int(400),
      low_water: int(100),
      grace_period: dur('2m0s'),
    }),
    resource_manager: obj({
      enabled: bool(true),
      memory_limit_bytes: int(0, {minimum: 0}),
      file_descriptors_limit: int(0, {minimum: 0}),
    }),
    pubsub: obj({
      seen_messages_ttl: dur('30m0s'),
      heartbeat_interval: dur('10s'),
      d_factor: int(4),
      history_gossip: int(2),
      history_length: int(6),
      flood_publish: bool(false),
    }),
    dial_peer_timeout: dur('3s'),
    state_sync_interval: dur('5m0s'),
    pin_recover_interval: dur('12m0s'),
    replication_factor_min: int(-1, zeroIsDefault),
    replication_factor_max: int(-1, zeroIsDefault),
    monitor_ping_interval: dur('15s'),
    peer_watch_interval: dur('5s'),
    mdns_interval: dur('10s'),
    pin_only_on_trusted_peers: bool(false),
    pin_only_on_untrusted_peers: bool(false),
    disable_repinning: bool(true),
    follower_mode: bool(false, omitEmpty),
    peerstore_file: str('', omitEmpty),
    peer_addresses: strList([], {format: 'multiaddr'}),
  },
  {'x-env': 'CLUSTER'},
)

export const crdtSection = obj(
  {
    cluster_name: str('ipfs-cluster', zeroIsDefault),
    trusted_peers: strList(['*'], {format: 'peer-id-or-star'}),
    batching: obj({
      max_batch_size: int(0),
      max_batch_age: dur('0s', lenient),
      max_queue_size: int(50000, {'x-omit': 'default', 'x-zero': 'default'}),
    }),
    repair_interval: dur('1h0m0s', lenient),
    rebroadcast_interval: dur('1m0s', {'x-omit': 'default', 'x-lenient': true}),
    peerset_metric: str('ping', hiddenDefault),
    datastore_namespace: str('/c', hiddenDefault),
  },
  {'x-env': 'CLUSTER_CRDT'},
)

export const raftSection = obj(
  {
    data_folder: str('', omitEmpty),
    init_peerset: strList([], {format: 'peer-id'}),
    wait_for_leader_timeout: dur('15s', raftValue),
    network_timeout: dur('10s', raftValue),
    commit_retries: int(1),
    commit_retry_delay: dur('200ms', raftValue),
    backups_rotate: int(6, zeroIsDefault),
    datastore_namespace: str('/r', hiddenDefault),
    heartbeat_timeout: dur('1s', raftValue),
    election_timeout: dur('1s', raftValue),
    commit_timeout: dur('50ms', raftValue),
    max_append_entries: int(64, zeroIsDefault),
    trailing_logs: int(10240, zeroIsDefault),
    snapshot_interval: dur('2m0s', raftValue),
    snapshot_threshold: int(8192, zeroIsDefault),
    leader_lease_timeout: dur('500ms', raftValue),
  },
  {'x-env': 'CLUSTER_RAFT'},
)

const corsExposed = ['Content-Type', 'X-Stream-Output', 'X-Chunked-Output', 'X-Content-Length'] as const

/** restapi and pinsvcapi share their schema (api/common), differing only in the listen port. */
const httpApiSection = <P extends string, E extends string>(listen: P, env: E) =>
  obj(
    {
      http_listen_multiaddress: maddrs(listen, zeroIsDefault),
      ssl_cert_file: str('', omitEmpty),
      ssl_key_file: str('', omitEmpty),
      read_timeout: dur('0s'),
      read_header_timeout: dur('5s'),
      write_timeout: dur('0s'),
      idle_timeout: dur('2m0s'),
      max_header_bytes: int(4096, zeroIsDefault),
      libp2p_listen_multiaddress: maddrs([], omitEmpty),
      id: str('', omitEmpty),
      private_key: str('', {'x-omit': 'empty', 'x-secret': true}),
      basic_auth_credentials: strMap(null, {'x-secret': true}),
      http_log_file: str(''),
      headers: {
        type: ['object', 'null'],
        'x-sorted': true,
        additionalProperties: {type: 'array', items: {type: 'string'}},
        default: {},
      },
      cors_allowed_origins: strList(['*']),
      cors_allowed_methods: strList(['GET']),
      cors_allowed_headers: strList([]),
      cors_exposed_headers: strList(corsExposed),
      cors_allow_credentials: bool(true),
      cors_max_age: dur('0s'),
    } as const,
    {'x-env': env},
  )

export const restapiSection = httpApiSection('/ip4/127.0.0.1/tcp/9094', 'CLUSTER_RESTAPI')
export const pinsvcapiSection = httpApiSection('/ip4/127.0.0.1/tcp/9097', 'CLUSTER_PINSVCAPI')

export const ipfsproxySection = obj(
  {
    listen_multiaddress: maddrs('/ip4/127.0.0.1/tcp/9095', zeroIsDefault),
    node_multiaddress: maddr('/ip4/127.0.0.1/tcp/5001'),
    node_https: bool(false, omitEmpty),
    log_file: str(''),
    read_timeout: dur('0s'),
    read_header_timeout: dur('5s'),
    write_timeout: dur('0s'),
    idle_timeout: dur('1m0s'),
    max_header_bytes: int(4096, zeroIsDefault),
    extract_headers_extra: strList([], omitEmpty),
    extract_headers_path: str('/api/v0/version', hiddenDefault),
    extract_headers_ttl: dur('5m0s', hiddenDefault),
  },
  {'x-env': 'CLUSTER_IPFSPROXY'},
)

export const ipfshttpSection = obj(
  {
    node_multiaddress: maddr('/ip4/127.0.0.1/tcp/5001'),
    connect_swarms_delay: dur('30s'),
    ipfs_request_timeout: dur('5m0s'),
    pin_timeout: dur('2m0s'),
    unpin_timeout: dur('3h0m0s'),
    repogc_timeout: dur('24h0m0s'),
    informer_trigger_interval: int(0, {minimum: 0}),
    unpin_disable: bool(false, omitEmpty),
  },
  {'x-env': 'CLUSTER_IPFSHTTP'},
)

export const statelessSection = obj(
  {
    max_pin_queue_size: int(1000000, {'x-omit': 'default', 'x-zero': 'default'}),
    concurrent_pins: int(10, zeroIsDefault),
    priority_pin_max_age: dur('24h0m0s', zeroIsDefault),
    priority_pin_max_retries: int(5, zeroIsDefault),
  },
  {'x-env': 'CLUSTER_STATELESS'},
)

export const pubsubmonSection = obj({check_interval: dur('15s')}, {'x-env': 'CLUSTER_PUBSUBMON'})
export const balancedSection = obj({allocate_by: strList(['tag:group', 'freespace'])}, {'x-env': 'CLUSTER_BALANCED'})
export const diskSection = obj(
  {metric_ttl: dur('30s'), metric_type: {type: 'string', default: 'freespace', enum: ['freespace', 'reposize']}},
  {'x-env': 'CLUSTER_DISK'},
)
export const pinqueueSection = obj(
  {metric_ttl: dur('30s'), weight_bucket_size: int(100000, {minimum: 0})},
  {'x-env': 'CLUSTER_PINQUEUE'},
)
export const tagsSection = obj({metric_ttl: dur('30s'), tags: strMap({group: 'default'})}, {'x-env': 'CLUSTER_TAGS'})
export const metricsSection = obj(
  {
    enable_stats: bool(false),
    prometheus_endpoint: maddr('/ip4/127.0.0.1/tcp/8888'),
    reporting_interval: dur('30s'),
  },
  {'x-env': 'CLUSTER_METRICS'},
)
export const tracingSection = obj(
  {
    enable_tracing: bool(false),
    jaeger_agent_endpoint: maddr('/ip4/0.0.0.0/udp/6831'),
    sampling_prob: num(0.3),
    service_name: str('cluster-daemon'),
  },
  {'x-env': 'CLUSTER_TRACING'},
)

const pebbleLevel = (targetFileSize: number) => ({
  block_restart_interval: 16,
  block_size: 4096,
  block_size_threshold: 90,
  compression: 1,
  filter_type: 0,
  filter_policy: 10,
  index_block_size: 4096,
  target_file_size: targetFileSize,
})

export const pebbleSection = obj(
  {
    folder: str('pebble', hiddenDefault),
    pebble_options: obj({
      cache_size_bytes: int(1073741824, zeroIsDefault),
      bytes_per_sync: int(1048576, zeroIsDefault),
      disable_wal: bool(false),
      flush_delay_delete_range: int(0, {description: 'nanoseconds (a raw Go Duration, not a string)'}),
      flush_delay_range_key: int(0, {description: 'nanoseconds (a raw Go Duration, not a string)'}),
      flush_split_bytes: int(4194304, zeroIsDefault),
      format_major_version: int(24, {minimum: 13, maximum: 24, 'x-zero': 'default'}),
      l0_compaction_file_threshold: int(750, zeroIsDefault),
      l0_compaction_threshold: int(4, zeroIsDefault),
      l0_stop_writes_threshold: int(12, zeroIsDefault),
      l_base_max_bytes: int(134217728, zeroIsDefault),
      max_open_files: int(1000, zeroIsDefault),
      mem_table_size: int(67108864, zeroIsDefault),
      mem_table_stop_writes_threshold: int(20, zeroIsDefault),
      read_only: bool(false),
      wal_bytes_per_sync: int(0),
      levels: {
        type: 'array',
        items: obj({
          block_restart_interval: {type: 'integer'},
          block_size: {type: 'integer'},
          block_size_threshold: {type: 'integer'},
          compression: {type: 'integer'},
          filter_type: {type: 'integer'},
          filter_policy: {type: 'integer'},
          index_block_size: {type: 'integer'},
          target_file_size: {type: 'integer'},
        }),
        default: [4194304, 8388608, 16777216, 33554432, 67108864, 134217728, 268435456].map(pebbleLevel),
      },
    }),
  },
  {'x-env': 'CLUSTER_PEBBLE'},
)

const gcKeys = {gc_discard_ratio: num(0.2, zeroIsDefault), gc_interval: dur('15m0s'), gc_sleep: dur('10s')} as const

export const badger3Section = obj(
  {
    folder: str('badger3', hiddenDefault),
    ...gcKeys,
    badger_options: obj({
      dir: str(''),
      value_dir: str(''),
      sync_writes: bool(false),
      num_versions_to_keep: int(1),
      read_only: bool(false),
      compression: int(0),
      in_memory: bool(false),
      metrics_enabled: bool(true),
      num_goroutines: int(8),
      mem_table_size: int(67108864),
      base_table_size: int(2097152),
      base_level_size: int(10485760),
      level_size_multiplier: int(10),
      table_size_multiplier: int(2),
      max_levels: int(7),
      v_log_percentile: num(0),
      value_threshold: int(100),
      num_memtables: int(5),
      block_size: int(4096),
      bloom_false_positive: num(0.01),
      block_cache_size: int(0),
      index_cache_size: int(0),
      num_level_zero_tables: int(5),
      num_level_zero_tables_stall: int(15),
      value_log_file_size: int(1073741823),
      value_log_max_entries: int(1000000),
      num_compactors: int(4),
      compact_l_0_on_close: bool(false),
      lmax_compaction: bool(false),
      zstd_compression_level: int(1),
      verify_value_checksum: bool(false),
      checksum_verification_mode: int(0),
      detect_conflicts: bool(false),
      namespace_offset: int(-1),
    }),
  },
  {'x-env': 'CLUSTER_BADGER3'},
)

export const badgerSection = obj(
  {
    folder: str('badger', hiddenDefault),
    ...gcKeys,
    badger_options: obj({
      dir: str(''),
      value_dir: str(''),
      sync_writes: bool(true),
      table_loading_mode: int(2),
      value_log_loading_mode: int(0),
      num_versions_to_keep: int(1),
      max_table_size: int(16777216),
      level_size_multiplier: int(10),
      max_levels: int(7),
      value_threshold: int(32),
      num_memtables: int(5),
      num_level_zero_tables: int(5),
      num_level_zero_tables_stall: int(10),
      level_one_size: int(268435456),
      value_log_file_size: int(1073741823),
      value_log_max_entries: int(1000000),
      num_compactors: int(2),
      compact_l_0_on_close: bool(false),
      read_only: bool(false),
      truncate: bool(true),
    }),
  },
  {'x-env': 'CLUSTER_BADGER'},
)

const intList = {type: ['array', 'null'], items: {type: 'number'}, default: null} as const

export const leveldbSection = obj(
  {
    folder: str('leveldb', hiddenDefault),
    leveldb_options: obj({
      block_cache_capacity: int(0),
      block_cache_evict_removed: bool(false),
      block_restart_interval: int(0),
      block_size: int(0),
      compaction_expand_limit_factor: int(0),
      compaction_gp_overlaps_factor: int(0),
      compaction_l0_trigger: int(0),
      compaction_source_limit_factor: int(0),
      compaction_table_size: int(0),
      compaction_table_size_multiplier: num(0),
      compaction_table_size_multiplier_per_level: intList,
      compaction_total_size: int(0),
      compaction_total_size_multiplier: num(0),
      compaction_total_size_multiplier_per_level: intList,
      compression: int(0),
      disable_buffer_pool: bool(false),
      disable_block_cache: bool(false),
      disable_compaction_backoff: bool(false),
      disable_large_batch_transaction: bool(false),
      iterator_sampling_rate: int(0),
      no_sync: bool(false),
      no_write_merge: bool(false),
      open_files_cache_capacity: int(0),
      read_only: bool(false),
      strict: int(0),
      write_buffer: int(0),
      write_l0_pause_trigger: int(0),
      write_l0_slowdown_trigger: int(0),
    }),
  },
  {'x-env': 'CLUSTER_LEVELDB'},
)

const category = <const P extends Record<string, unknown>>(properties: P) =>
  ({type: ['object', 'null'], 'x-sorted': true, properties}) as {
    readonly type: readonly ['object', 'null']
    readonly 'x-sorted': true
    readonly properties: P
  }

export const serviceSchema = {
  $id: 'service.json',
  type: 'object',
  properties: {
    source: {type: 'string', format: 'uri'},
    cluster: clusterSection,
    consensus: category({crdt: crdtSection, raft: raftSection}),
    api: category({ipfsproxy: ipfsproxySection, pinsvcapi: pinsvcapiSection, restapi: restapiSection}),
    ipfs_connector: category({ipfshttp: ipfshttpSection}),
    pin_tracker: category({stateless: statelessSection}),
    monitor: category({pubsubmon: pubsubmonSection}),
    allocator: category({balanced: balancedSection}),
    informer: category({disk: diskSection, pinqueue: pinqueueSection, tags: tagsSection}),
    observations: category({metrics: metricsSection, tracing: tracingSection}),
    datastore: category({badger: badgerSection, badger3: badger3Section, leveldb: leveldbSection, pebble: pebbleSection}),
  },
} as const

export type ServiceConfig = FromSchema<typeof serviceSchema>

export const CONSENSUS = ['crdt', 'raft'] as const
export type Consensus = (typeof CONSENSUS)[number]
export const DATASTORES = ['pebble', 'badger3', 'badger', 'leveldb'] as const
export type Datastore = (typeof DATASTORES)[number]
