// Reading what `cluster create --target kubernetes` wrote as a cluster would: the manifests as
// `kubectl kustomize` renders them, the init container's script, the Secret's files at a mount path.
import {execFile} from 'node:child_process'
import {mkdir, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {promisify} from 'node:util'

import {parseAllDocuments} from 'yaml'

const execFileP = promisify(execFile)

/** The rendered manifests of DIR/kubernetes, as kubectl kustomize prints them. */
export async function kustomize(out: string): Promise<any[]> {
  const {stdout} = await execFileP('kubectl', ['kustomize', join(out, 'kubernetes')])
  return parseAllDocuments(stdout).map((d) => d.toJS())
}

/** The init container's script, taken from the rendered StatefulSet. */
export function initScript(sts: any): string {
  const init = sts.spec.template.spec.initContainers[0]
  if (init.command[0] !== 'sh' || init.command[1] !== '-c') throw new Error(`the init container runs ${init.command.join(' ')}, not sh -c`)
  return init.command[2]
}

/** Writes the Secret's files where the pod would see them (its mount), decoded. */
export async function secretFiles(secret: any, dir: string): Promise<void> {
  await mkdir(dir, {recursive: true})
  for (const [k, v] of Object.entries(secret.data as Record<string, string>)) await writeFile(join(dir, k), Buffer.from(v, 'base64'))
}

/** The cluster container's start script (raft bundles): sh -c SCRIPT behind the image's tini. */
export function startScript(sts: any): string {
  const cluster = sts.spec.template.spec.containers.find((c: any) => c.name === 'ipfs-cluster')
  const command: string[] = cluster.command ?? []
  if (command.slice(0, 4).join(' ') !== '/sbin/tini -- sh -c') throw new Error(`the cluster container runs ${command.join(' ') || 'the image entrypoint'}, not tini -- sh -c`)
  return command[4]
}
