// Interactive questions for a person at a terminal. @inquirer/prompts is imported only here, and
// only when a prompt is really shown, to keep startup fast for scripts.
import {defaultPeername} from '../core/defaults.js'
import {parsePeerMultiaddr} from '../core/multiaddr.js'
import {CONSENSUS, DATASTORES, type Consensus, type Datastore} from '../core/schema/service.js'

export interface CreateAnswers {
  peername?: string
  consensus?: Consensus
  datastore?: Datastore
  secret?: string
}

/** Asks for what neither a flag nor an env var gave. */
export async function askCreateQuestions(
  missing: {peername: boolean; consensus: boolean; datastore: boolean; secret: boolean},
  given: {consensus?: string},
): Promise<CreateAnswers> {
  const {input, select, password} = await import('@inquirer/prompts')
  const answers: CreateAnswers = {}
  if (missing.peername) answers.peername = await input({message: 'Peer name', default: defaultPeername()})
  if (missing.consensus)
    answers.consensus = await select<Consensus>({
      message: 'Consensus',
      choices: CONSENSUS.map((c) => ({value: c, name: c === 'crdt' ? 'crdt (default; peers join and leave freely)' : 'raft (fixed peerset, strong consistency)'})),
    })
  // raft keeps its own state: a datastore is only asked for crdt.
  if (missing.datastore && (answers.consensus ?? given.consensus ?? 'crdt') === 'crdt')
    answers.datastore = await select<Datastore>({message: 'Datastore', choices: DATASTORES.map((d) => ({value: d}))})
  if (missing.secret) {
    const mode = await select({
      message: 'Cluster secret',
      choices: [
        {value: 'new', name: 'generate a new one (first peer of a new cluster)'},
        {value: 'enter', name: 'enter the secret of an existing cluster'},
      ],
    })
    if (mode === 'enter')
      answers.secret = await password({
        message: 'Cluster secret (64 hex characters)',
        mask: '*',
        validate: (s) => /^[0-9a-fA-F]{64}$/.test(s.trim()) || 'the secret is 32 bytes written as 64 hex characters',
      })
  }
  return answers
}

export interface FollowAnswers {
  name?: string
  source?: string
  leader?: string
  secret?: string
}

/** For `follow config create`: the follower's name and how it finds its cluster. */
export async function askFollowQuestions(missing: {name: boolean; mode: boolean; secret: boolean}): Promise<FollowAnswers> {
  const {input, select, password} = await import('@inquirer/prompts')
  const answers: FollowAnswers = {}
  if (missing.name)
    answers.name = await input({message: 'Follower name (the cluster to follow)', validate: (s) => (/^[^/\\]+$/.test(s) && s !== '.' && s !== '..') || 'a plain folder name'})
  if (missing.mode) {
    const mode = await select({
      message: 'Configuration',
      choices: [
        {value: 'source', name: 'a URL or DNSLink name the cluster publishes (source mode)'},
        {value: 'leader', name: 'the multiaddress of a peer to follow (local config)'},
      ],
    })
    if (mode === 'source') answers.source = await input({message: 'Source URL or DNSLink name'})
    else {
      answers.leader = await input({message: 'Leader multiaddress (ending in /p2p/<peer id>)', validate: (s) => {
        const r = parsePeerMultiaddr(s)
        return r.ok || `a full multiaddress ending in /p2p/<peer id>: ${r.error}`
      }})
      if (missing.secret)
        answers.secret = await password({message: 'Cluster secret (64 hex characters)', mask: '*', validate: (s) => /^[0-9a-fA-F]{64}$/.test(s.trim()) || '64 hex characters'})
    }
  }
  return answers
}
