import {ENV_CLUSTER_SECRET} from '../../core/env-names.js'
import {ExitCode, UserError} from '../../core/errors.js'
import {createFollowConfig, followBase} from '../../core/follow-config.js'
import type {KeyType} from '../../core/identity.js'
import type {Handler} from '../handler.js'
import {resolveSecret} from '../input.js'
import {splitSetFlags} from '../parse.js'

export const run: Handler = async ({args, flags}, io) => {
  let name = args.name
  let source: string | undefined = flags.source
  let leaders: string[] = flags.leader ?? []
  let secret = await resolveSecret(flags)
  const missingMode = source === undefined && leaders.length === 0
  if ((name === undefined || missingMode) && io.canPrompt) {
    const {askFollowQuestions} = await import('../prompt.js')
    const a = await askFollowQuestions({name: name === undefined, mode: missingMode, secret: secret === undefined && process.env[ENV_CLUSTER_SECRET] === undefined})
    name ??= a.name
    source ??= a.source
    if (a.leader) leaders = [a.leader]
    secret ??= a.secret
  }
  if (name === undefined) throw new UserError('NAME is required (the follower\'s folder name); no terminal to ask on', ExitCode.inputRequired)
  const result = await createFollowConfig({
    base: followBase(flags.path),
    name,
    source,
    gateway: flags.gateway,
    leaders,
    trustedPeers: flags['trusted-peer'],
    secret,
    clusterName: flags['cluster-name'],
    peername: flags.peername,
    set: splitSetFlags(flags.set ?? []),
    keyType: flags['key-type'] as KeyType,
    force: flags.force,
    newIdentity: flags['new-identity'],
    existOk: flags['exist-ok'],
    dryRun: flags['dry-run'],
    showSecrets: flags['show-secrets'],
    env: process.env,
  })
  if (!io.json) {
    const {printFollowCreateResult} = await import('../../ops/summary.js')
    printFollowCreateResult(result, io.log, io.note)
  }
  return result
}

/** It asks for what is missing on a terminal: the fast path leaves that to oclif. */
export const prompts = true
