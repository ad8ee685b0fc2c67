// Names of the environment variables the upstream binaries read (besides the CLUSTER_* config
// overrides, which env.ts derives from the schema). No imports: cheap to load on every path.
/** Identity overrides, read by the identity loader. */
export const ENV_CLUSTER_ID = 'CLUSTER_ID'
export const ENV_CLUSTER_PRIVATEKEY = 'CLUSTER_PRIVATEKEY'
/** The config folder, for ipfs-cluster-service and ipfs-cluster-follow alike. */
export const ENV_IPFS_CLUSTER_PATH = 'IPFS_CLUSTER_PATH'
export const ENV_CLUSTER_SECRET = 'CLUSTER_SECRET'
export const ENV_CLUSTER_PEERNAME = 'CLUSTER_PEERNAME'
export const ENV_CLUSTER_CREDENTIALS = 'CLUSTER_CREDENTIALS'
/** The REST API's listen address override (schema-derived too; a unit test checks they agree): the status path reads it without loading the schema. */
export const ENV_CLUSTER_RESTAPI_LISTEN = 'CLUSTER_RESTAPI_HTTPLISTENMULTIADDRESS'
export const ENV_IPFS_GATEWAY = 'IPFS_GATEWAY'
/** Read by this tool only (--secret-file): upstream has no such variable (ipfs-cluster#612). */
export const ENV_CLUSTER_SECRET_FILE = 'CLUSTER_SECRET_FILE'
/**
 * CLUSTER_* names upstream reads besides the config overrides (those env.ts derives from the schema):
 * the identity loader's pair, and ipfs-cluster-ctl's --basic-auth.
 */
export const ENV_CLUSTER_NON_CONFIG: readonly string[] = [ENV_CLUSTER_ID, ENV_CLUSTER_PRIVATEKEY, ENV_CLUSTER_CREDENTIALS]
/** How long a write waits for a folder another process is writing (ours, not upstream's). */
export const ENV_LOCK_TIMEOUT = 'IPFS_CLUSTER_CONFIG_LOCK_TIMEOUT'
/** `serve`'s own settings. */
export const ENV_SERVE_LISTEN = 'IPFS_CLUSTER_CONFIG_LISTEN'
export const ENV_SERVE_TOKEN_FILE = 'IPFS_CLUSTER_CONFIG_TOKEN_FILE'
/** Turns off the V8 code cache of oclif's modules (src/cli/compile-cache.ts). */
export const ENV_NO_COMPILE_CACHE = 'IPFS_CLUSTER_CONFIG_NO_COMPILE_CACHE'
/** Makes `--help` into a pipe render with oclif instead of printing its text cached at build (scripts/help-cache.mjs). */
export const ENV_NO_HELP_CACHE = 'IPFS_CLUSTER_CONFIG_NO_HELP_CACHE'
