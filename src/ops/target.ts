// --path / --follow NAME → the peer a command acts on (service folder, or <base>/<name>).
import {join} from 'node:path'

import type {PeerTarget} from '../cluster/status.js'
import {parseDuration} from '../core/duration.js'
import {ENV_CLUSTER_CREDENTIALS} from '../core/env-names.js'
import {ExitCode, UserError} from '../core/errors.js'
import {checkFollowName, followBase} from '../core/follow-config.js'
import {servicePath} from '../core/paths.js'

export function peerTarget(flags: {path?: string; follow?: string}): PeerTarget {
  if (flags.follow === undefined) return {kind: 'service', folder: servicePath(flags.path)}
  checkFollowName(flags.follow)
  const base = followBase(flags.path)
  return {kind: 'follow', folder: join(base, flags.follow), base, name: flags.follow}
}

export function durationMs(text: string, flag: string): number {
  const ns = parseDuration(text)
  if (ns === undefined) throw new UserError(`${flag}: "${text}" is not a duration (examples: 30s, 2m)`, ExitCode.usage)
  if (ns < 0n) throw new UserError(`${flag}: "${text}" is negative; give a positive duration (examples: 30s, 2m)`, ExitCode.usage)
  return Number(ns / 1_000_000n)
}

/** --basic-auth / CLUSTER_CREDENTIALS: user:password, as ipfs-cluster-ctl takes it. */
export function basicAuth(text: string | undefined): string | undefined {
  if (text !== undefined && !/^[^:]+:/.test(text))
    throw new UserError(`--basic-auth (or ${ENV_CLUSTER_CREDENTIALS}) must be user:password`, ExitCode.usage)
  return text
}
