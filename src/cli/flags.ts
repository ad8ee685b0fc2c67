import {Flags} from '@oclif/core'

import {ENV_CLUSTER_CREDENTIALS, ENV_IPFS_CLUSTER_PATH, ENV_LOCK_TIMEOUT} from '../core/env-names.js'

export const pathFlag = Flags.string({
  char: 'c',
  description: 'config folder of the peer [default: ~/.ipfs-cluster]',
  env: ENV_IPFS_CLUSTER_PATH,
})
export const showSecretsFlag = Flags.boolean({
  description: 'show the cluster secret, private keys and basic-auth passwords instead of redacting them',
  env: 'IPFS_CLUSTER_CONFIG_SHOW_SECRETS',
})
export const dryRunFlag = Flags.boolean({
  description: 'show what would change and write nothing',
  env: 'IPFS_CLUSTER_CONFIG_DRY_RUN',
})

export const followPathFlag = Flags.string({
  char: 'c',
  description: 'base folder of followers; the follower lives in <path>/<NAME> [default: ~/.ipfs-cluster-follow]',
  env: ENV_IPFS_CLUSTER_PATH,
})

export const followFlag = Flags.string({description: 'act on the ipfs-cluster-follow peer NAME (then --path is the followers\' base folder)'})
export const basicAuthFlag = Flags.string({description: 'user:password for the REST API [default: from the config]', env: ENV_CLUSTER_CREDENTIALS})
export const caCertFlag = Flags.string({
  description: "PEM file of certificates to trust for an https REST API: the peer's own (self-signed) certificate or its CA [default: the system's roots, plus the peer's own ssl_cert_file]",
  env: 'IPFS_CLUSTER_CONFIG_CACERT',
})
export const noCheckCertificateFlag = Flags.boolean({
  description: "do not verify an https REST API's certificate (as ipfs-cluster-ctl --no-check-certificate)",
  env: 'IPFS_CLUSTER_CONFIG_NO_CHECK_CERTIFICATE',
})
export const timeoutFlag = (d: string) => Flags.string({description: 'how long to wait, as a Go duration (30s, 2m)', default: d})

/** `config diff`'s two sides (service and follow alike). */
export const diffFlags = {
  defaults: Flags.boolean({description: "compare with what `ipfs-cluster-service init` writes for the same consensus and datastore (the default)"}),
  against: Flags.string({description: "compare with another peer's folder (its service.json)"}),
  'show-secrets': showSecretsFlag,
}


/** `config validate`'s options (service and follow alike). */
export const validateFlags = {
  strict: Flags.boolean({description: 'warnings fail too (exit 4), for CI', env: 'IPFS_CLUSTER_CONFIG_STRICT'}),
  'no-env': Flags.boolean({description: 'check the files alone, without the CLUSTER_* variables the daemon would apply at start'}),
}

export const lockTimeoutFlag = Flags.string({
  description: 'how long to wait while another process writes the same folder, as a Go duration; then exit 9 [default: 30s]',
  env: ENV_LOCK_TIMEOUT,
})

/** `config get`'s --raw (service and follow alike). */
export const rawFlag = Flags.boolean({description: 'print the value alone as JSON (a string quoted), for jq and scripts; --json wraps it in the result document (.value)'})

/** `config set`'s list edits and value files (service and follow alike). */
export const setModeFlags = {
  add: Flags.boolean({description: 'add VALUE to the list KEY (trusted_peers, peer_addresses, listen_multiaddress, ...); one already there is a no-op, said so'}),
  remove: Flags.boolean({description: 'remove VALUE from the list KEY; one not there is a no-op, said so'}),
  'value-file': Flags.boolean({description: 'each VALUE is a file holding the value (a secret, a JSON map); the file\'s final line break is dropped'}),
}
