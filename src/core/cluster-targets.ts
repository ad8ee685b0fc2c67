// The deployment files of a bundle besides its folders: a Docker Compose project (compose.yaml) and
// Kubernetes manifests (kubernetes/). Objects are built with kubernetes-models, which validates each
// against the Kubernetes OpenAPI schema, and written with the `yaml` library.
import {BOOTSTRAP_FILE, type ClusterBundle, bootstrapAddresses, hostProtocol} from './bundle.js'
import {ENV_CLUSTER_PEERNAME, ENV_CLUSTER_RESTAPI_LISTEN, ENV_CLUSTER_SECRET, ENV_IPFS_CLUSTER_PATH} from './env-names.js'
import {envVariableFor} from './env.js'
import type {IdentityJson} from './schema/identity.js'
import {serializeIdentity, serializeService} from './service-config.js'

type Obj = Record<string, unknown>

export interface TargetDraft {
  peer: ClusterBundle['peers'][number]
  config: Obj
  identity: IdentityJson
}

/** Where the official image keeps its config (IPFS_CLUSTER_PATH in its Dockerfile). */
export const CLUSTER_DATA = '/data/ipfs-cluster'
const KUBO_DATA = '/data/ipfs'
/** Where the init container finds the bundle Secret's files. */
export const BUNDLE_MOUNT = '/etc/ipfs-cluster-bundle'
export const ENV_BUNDLE_DIR = 'IPFS_CLUSTER_BUNDLE'
export const ENV_ENTRYPOINT = 'IPFS_CLUSTER_ENTRYPOINT'
export const COMPOSE_FILE = 'compose.yaml'
export const KUBERNETES_DIR = 'kubernetes'

/** Relative path → content of every target file the bundle's targets ask for (folders have none of their own). */
export async function targetFiles(bundle: ClusterBundle, drafts: TargetDraft[]): Promise<{path: string; content: string}[]> {
  const out: {path: string; content: string}[] = []
  if (!bundle.compose && !bundle.kubernetes) return out
  const {stringify} = await import('yaml')
  const yaml = (v: unknown) => stringify(v, {lineWidth: 0})
  if (bundle.compose) out.push({path: COMPOSE_FILE, content: yaml(composeProject(bundle))})
  if (bundle.kubernetes) for (const [name, docs] of Object.entries(await kubernetesObjects(bundle, drafts))) out.push({path: `${KUBERNETES_DIR}/${name}`, content: docs.map(yaml).join('---\n')})
  return out
}

/**
 * How a raft peer starts under Compose and Kubernetes (plain sh, in the cluster image, under its tini):
 * \`daemon\`, or \`daemon --bootstrap <addresses>\` when the peer was added to a running cluster and has
 * no raft state yet. raft admits a new voter only through the leader, and --bootstrap wipes the raft
 * state first (raft.CleanupRaft), so it must be given on that first start and never again. Then the
 * image's own entrypoint (user switch, exec ipfs-cluster-service) runs as it would have.
 */
export const START_SCRIPT = `set -eu
data="\${${ENV_IPFS_CLUSTER_PATH}:-${CLUSTER_DATA}}"
set -- daemon
if [ -f "$data/${BOOTSTRAP_FILE}" ] && [ ! -d "$data/raft" ]; then
  peers=""
  read -r peers < "$data/${BOOTSTRAP_FILE}" || [ -n "$peers" ]
  echo "first start of a peer added to a running raft cluster: daemon --bootstrap $peers"
  set -- daemon --bootstrap "$peers"
fi
exec "\${${ENV_ENTRYPOINT}:-/usr/local/bin/entrypoint.sh}" "$@"
`
/** The image's PID 1 (its ENTRYPOINT starts with it), kept in front of the start script. */
const START_COMMAND = ['/sbin/tini', '--', 'sh', '-c', START_SCRIPT]

// ---------------------------------------------------------------------------------------------
// Compose

const KUBO_API_PORT = 5001
const nodeVariables = () => [envVariableFor('ipfs_connector.ipfshttp.node_multiaddress')!, envVariableFor('api.ipfsproxy.node_multiaddress')!]

/**
 * One Kubo and one cluster service per peer. A peer's folder is mounted as its config; its Kubo is
 * reached by service name; only the first peer's REST API is published, on 127.0.0.1. The secret
 * stays in the mounted service.json: nothing secret is in the YAML.
 */
export function composeProject(bundle: ClusterBundle): Obj {
  const images = bundle.compose!
  const services: Obj = {}
  const volumes: Obj = {}
  const first = bundle.peers[0]
  for (const p of bundle.peers) {
    const kubo = `${p.name}-ipfs`
    services[kubo] = {image: images.kuboImage, restart: 'unless-stopped', volumes: [`${kubo}:${KUBO_DATA}`]}
    volumes[kubo] = {}
    const environment: Obj = Object.fromEntries(nodeVariables().map((v) => [v, `/dns4/${kubo}/tcp/${KUBO_API_PORT}`]))
    const service: Obj = {image: images.image, restart: 'unless-stopped', depends_on: [kubo], environment, volumes: [`./${p.folder}:${CLUSTER_DATA}`]}
    // Compose interpolates $ in its files: $$ is a literal one.
    if (bundle.consensus === 'raft') service.entrypoint = START_COMMAND.map((a) => a.replaceAll('$', '$$$$'))
    // The host the other peers dial, when it is not the service name already.
    if (p.host !== p.name) service.networks = {default: {aliases: [p.host]}}
    if (p === first) {
      const port = /\/tcp\/(\d+)/.exec(p.api)?.[1] ?? '9094'
      environment[ENV_CLUSTER_RESTAPI_LISTEN] = `/ip4/0.0.0.0/tcp/${port}`
      service.ports = [`127.0.0.1:${port}:${port}`]
    }
    services[p.name] = service
  }
  return {services, volumes}
}

// ---------------------------------------------------------------------------------------------
// Kubernetes

/**
 * The init container's script (plain sh, run in the cluster image): puts the pod's own identity
 * (identity-<ordinal>.json, the ordinal being the suffix of its hostname) and the shared
 * service.json and peerstore in place at every start, so the peer id survives a lost volume and a
 * changed bundle reaches every pod on its next start. A raft joiner's bootstrap-<ordinal> becomes the
 * bootstrap file START_SCRIPT reads; raft state another peer left on the volume is set aside.
 */
export const INIT_SCRIPT = `set -eu
bundle="\${${ENV_BUNDLE_DIR}:-${BUNDLE_MOUNT}}"
data="\${${ENV_IPFS_CLUSTER_PATH}:-${CLUSTER_DATA}}"
ordinal="\${HOSTNAME##*-}"
identity="$bundle/identity-$ordinal.json"
if [ ! -f "$identity" ]; then
  echo "no identity-$ordinal.json in $bundle: the bundle has no peer for ordinal $ordinal (add one with: ipfs-cluster-config cluster add)" >&2
  exit 1
fi
umask 077
mkdir -p "$data"
# A volume kept from a removed ordinal holds another peer's raft state: set it aside so this peer joins afresh.
if [ -d "$data/raft" ] && [ -f "$data/identity.json" ] && [ "$(cat "$data/identity.json")" != "$(cat "$identity")" ]; then
  aside="$data/raft.previous-peer.$(date +%s)"
  mv "$data/raft" "$aside"
  echo "ordinal $ordinal: the volume held another peer's raft state; moved it to $aside"
fi
for f in service.json peerstore identity.json ${BOOTSTRAP_FILE}; do
  src="$bundle/$f"
  [ "$f" = identity.json ] && src="$identity"
  # Only a raft peer added to a running cluster has one: the addresses its first start bootstraps through.
  [ "$f" = ${BOOTSTRAP_FILE} ] && src="$bundle/${BOOTSTRAP_FILE}-$ordinal" && [ ! -f "$src" ] && { rm -f "$data/$f"; continue; }
  cp "$src" "$data/.$f.tmp"
  mv "$data/.$f.tmp" "$data/$f"
done
if [ "$(id -u)" = 0 ]; then chown -R "\${IPFS_CLUSTER_UID:-1000}:\${IPFS_CLUSTER_GID:-100}" "$data"; fi
echo "ordinal $ordinal: identity.json, service.json and peerstore in place in $data"
`

const KUBE_PORTS = {swarm: 9096, restapi: 9094, ipfsproxy: 9095, kuboSwarm: 4001}

/** The pods' stable names behind the headless Service. */
export function podHost(k: NonNullable<ClusterBundle['kubernetes']>, index: number): string {
  return `${k.name}-${index}.${k.name}.${k.namespace}.svc.cluster.local`
}

/** The Secret's data: the cluster secret, one service.json and peerstore for all pods, one identity per ordinal. */
export function kubernetesSecretData(bundle: ClusterBundle, drafts: TargetDraft[]): Record<string, string> {
  const k = bundle.kubernetes!
  const podAddress = (p: ClusterBundle['peers'][number]) => `${hostProtocol(podHost(k, p.index))}/tcp/${KUBE_PORTS.swarm}/p2p/${p.id}`
  const addresses = drafts.map((d) => podAddress(d.peer))
  const shared = structuredClone(drafts[0].config)
  const cluster = shared.cluster as Obj
  const secret = String(cluster.secret ?? '')
  // The pod's name (CLUSTER_PEERNAME) and CLUSTER_SECRET come from the environment.
  cluster.peername = k.name
  cluster.secret = ''
  cluster.listen_multiaddress = [`/ip4/0.0.0.0/tcp/${KUBE_PORTS.swarm}`, `/ip4/0.0.0.0/udp/${KUBE_PORTS.swarm}/quic`]
  cluster.peer_addresses = addresses
  const files: Record<string, string> = {
    'cluster-secret': secret,
    'service.json': serializeService(shared),
    peerstore: addresses.map((a) => a + '\n').join(''),
  }
  for (const d of drafts) files[`identity-${d.peer.index}.json`] = serializeIdentity(d.identity)
  for (const d of drafts) {
    const bootstrap = bootstrapAddresses(bundle, d.peer, podAddress)
    if (bootstrap !== undefined) files[`${BOOTSTRAP_FILE}-${d.peer.index}`] = bootstrap + '\n'
  }
  return files
}

/** File name → the validated objects it holds. */
async function kubernetesObjects(bundle: ClusterBundle, drafts: TargetDraft[]): Promise<Record<string, unknown[]>> {
  const [{Service}, {Secret}, {StatefulSet}] = await Promise.all([
    import('kubernetes-models/v1/Service'),
    import('kubernetes-models/v1/Secret'),
    import('kubernetes-models/apps/v1/StatefulSet'),
  ])
  const k = bundle.kubernetes!
  const labels = {'app.kubernetes.io/name': 'ipfs-cluster', 'app.kubernetes.io/instance': k.name}
  const secretName = `${k.name}-bundle`
  const meta = (name: string) => ({name, namespace: k.namespace, labels})
  const service = new Service({
    metadata: meta(k.name),
    spec: {
      clusterIP: 'None',
      // Peers must resolve each other before they are ready (raft elects only with a quorum up).
      publishNotReadyAddresses: true,
      selector: labels,
      ports: [
        {name: 'swarm', port: KUBE_PORTS.swarm, targetPort: KUBE_PORTS.swarm},
        {name: 'api', port: KUBE_PORTS.restapi, targetPort: KUBE_PORTS.restapi},
        {name: 'proxy', port: KUBE_PORTS.ipfsproxy, targetPort: KUBE_PORTS.ipfsproxy},
        {name: 'ipfs-swarm', port: KUBE_PORTS.kuboSwarm, targetPort: KUBE_PORTS.kuboSwarm},
      ],
    },
  })
  const data = kubernetesSecretData(bundle, drafts)
  const secret = new Secret({
    metadata: meta(secretName),
    type: 'Opaque',
    data: Object.fromEntries(Object.entries(data).map(([key, v]) => [key, Buffer.from(v).toString('base64')])),
  })
  const statefulSet = new StatefulSet({
    metadata: meta(k.name),
    spec: {
      serviceName: k.name,
      replicas: drafts.length,
      podManagementPolicy: 'Parallel',
      selector: {matchLabels: labels},
      template: {
        metadata: {labels},
        spec: {
          initContainers: [
            {
              name: 'bundle',
              image: k.image,
              command: ['sh', '-c', INIT_SCRIPT],
              volumeMounts: [
                {name: 'bundle', mountPath: BUNDLE_MOUNT, readOnly: true},
                {name: 'cluster-data', mountPath: CLUSTER_DATA},
              ],
            },
          ],
          containers: [
            {
              name: 'ipfs',
              image: k.kuboImage,
              ports: [{name: 'ipfs-swarm', containerPort: KUBE_PORTS.kuboSwarm}],
              volumeMounts: [{name: 'ipfs-data', mountPath: KUBO_DATA}],
            },
            {
              name: 'ipfs-cluster',
              image: k.image,
              ...(bundle.consensus === 'raft' ? {command: START_COMMAND} : {args: ['daemon']}),
              env: [
                {name: ENV_CLUSTER_PEERNAME, valueFrom: {fieldRef: {fieldPath: 'metadata.name'}}},
                {name: ENV_CLUSTER_SECRET, valueFrom: {secretKeyRef: {name: secretName, key: 'cluster-secret'}}},
              ],
              ports: [
                {name: 'swarm', containerPort: KUBE_PORTS.swarm},
                {name: 'api', containerPort: KUBE_PORTS.restapi},
                {name: 'proxy', containerPort: KUBE_PORTS.ipfsproxy},
              ],
              volumeMounts: [{name: 'cluster-data', mountPath: CLUSTER_DATA}],
            },
          ],
          volumes: [{name: 'bundle', secret: {secretName, defaultMode: 0o400}}],
        },
      },
      volumeClaimTemplates: [
        {metadata: {name: 'cluster-data'}, spec: {accessModes: ['ReadWriteOnce'], resources: {requests: {storage: '1Gi'}}}},
        {metadata: {name: 'ipfs-data'}, spec: {accessModes: ['ReadWriteOnce'], resources: {requests: {storage: k.storage}}}},
      ],
    },
  })
  for (const o of [service, secret, statefulSet]) o.validate()
  return {
    'kustomization.yaml': [{apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', namespace: k.namespace, resources: ['service.yaml', 'secret.yaml', 'statefulset.yaml']}],
    'service.yaml': [service.toJSON()],
    'secret.yaml': [secret.toJSON()],
    'statefulset.yaml': [statefulSet.toJSON()],
  }
}
