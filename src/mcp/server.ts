// The operations as an MCP server: on stdio for `ipfs-cluster-config mcp`, and the same server over
// Streamable HTTP for `serve`. Only those two commands import this module (and so the SDK).
// The low-level Server is used on purpose: the tools are declared by JSON Schemas (checked by
// Ajv), which McpServer.registerTool, taking zod schemas only, cannot carry.
import {Server} from '@modelcontextprotocol/sdk/server/index.js'
import {StdioServerTransport} from '@modelcontextprotocol/sdk/server/stdio.js'
import {CallToolRequestSchema, ErrorCode, ListToolsRequestSchema, McpError} from '@modelcontextprotocol/sdk/types.js'

import {type OperationOutcome, invokeOperation} from '../ops/invoke.js'
import {OPERATIONS, OPERATION_NAMES, type Operation} from '../ops/operations.js'

const INSTRUCTIONS = `Tools to create, read, change and check IPFS Cluster v1.1.6 peer configurations (ipfs-cluster-service peers and ipfs-cluster-follow followers), report a peer's status and join a peer to a cluster. structuredContent is what \`ipfs-cluster-config ... --json\` prints; a failure is isError with structuredContent.error {message, exit, nextSteps}. Secrets are redacted unless show_secrets is true. Nothing is written when validation fails.`

type Info = {name: string; version: string}

/** An operation as an MCP tool (tools/list). */
const toolOf = (o: Operation) => ({name: o.name, title: o.title, description: o.description, inputSchema: o.inputSchema as {type: 'object'}, annotations: o.annotations})

/** An operation's outcome as tools/call answers it: structuredContent is what `--json` prints. */
const callToolResult = (r: OperationOutcome) => ({content: [{type: 'text' as const, text: r.text}], structuredContent: r.result, isError: r.isError})

/**
 * The SDK runs every request as soon as it arrives, concurrently. Calls on one peer folder must run in the order
 * they were sent (a get sent after a create sees the created config), and the server must not close while any
 * call is still running (its answer would be lost). A call's place is taken synchronously, on arrival.
 */
export function callQueue() {
  const tails = new Map<string, Promise<unknown>>()
  const pending = new Set<Promise<unknown>>()
  const settle = (p: Promise<unknown>, done: () => void) => void p.then(done, done)
  return {
    /** fn runs after every earlier call on any of `folders` (a call that reads several peers waits for each). */
    run<T>(folders: string[], fn: () => Promise<T>): Promise<T> {
      const before = folders.map((f) => tails.get(f)).filter((p): p is Promise<unknown> => p !== undefined)
      const p = before.length > 0 ? Promise.allSettled(before).then(fn) : fn()
      for (const folder of folders) {
        tails.set(folder, p)
        settle(p, () => tails.get(folder) === p && tails.delete(folder))
      }
      pending.add(p)
      settle(p, () => pending.delete(p))
      return p
    },
    /** Resolves once every call received so far has finished. */
    async idle(): Promise<void> {
      while (pending.size > 0) await Promise.allSettled([...pending])
    },
  }
}

/**
 * The operations as an MCP server, not yet connected to a transport (stdio here; Streamable HTTP
 * in `serve`). onOutcome sees every call's outcome (the dashboard's tool.called events).
 */
export function createMcpServer(
  info: Info,
  options: {env: NodeJS.ProcessEnv; onOutcome?: (name: string, outcome: OperationOutcome) => void; queue?: ReturnType<typeof callQueue>},
): Server {
  const queue = options.queue ?? callQueue()
  const server = new Server({name: info.name, version: info.version}, {capabilities: {tools: {}}, instructions: INSTRUCTIONS})
  server.setRequestHandler(ListToolsRequestSchema, () => queue.run([], async () => ({tools: OPERATIONS.map(toolOf)})))
  server.setRequestHandler(CallToolRequestSchema, (request, extra) => {
    const op = OPERATIONS.find((o) => o.name === request.params.name)
    if (!op) throw new McpError(ErrorCode.InvalidParams, `unknown tool "${request.params.name}"; the tools are ${OPERATION_NAMES.join(', ')}`)
    const token = request.params._meta?.progressToken
    let step = 0
    const progress = (message: string) => {
      if (token === undefined) return
      extra.sendNotification({method: 'notifications/progress', params: {progressToken: token, progress: ++step, message}}).catch(() => {})
    }
    let folders: string[]
    try {
      folders = [op.folder((request.params.arguments ?? {}) as Record<string, unknown>, options.env) ?? []].flat()
    } catch {
      folders = [] // invalid arguments: the call fails before touching any folder
    }
    return queue.run(folders, async () => {
      const outcome = await invokeOperation(op, request.params.arguments, {env: options.env, progress})
      options.onOutcome?.(op.name, outcome)
      return callToolResult(outcome)
    })
  })
  return server
}

/** Serves until stdin closes. stdout carries the protocol only; diagnostics go to stderr. */
export async function runMcpServer(info: Info): Promise<void> {
  // Anything a dependency logs must not corrupt the JSON-RPC stream on stdout.
  console.log = console.info = console.debug = console.warn = console.error

  const queue = callQueue()
  const server = createMcpServer(info, {env: process.env, queue})
  server.onerror = (error) => process.stderr.write(`mcp: ${error.message}\n`)

  const closed = new Promise<void>((resolve) => {
    server.onclose = resolve
  })
  // End of input ends the session, but every request received gets its answer first. The SDK dispatches a
  // request's handler a tick after reading it, so the queue is drained only after that tick.
  process.stdin.once('end', () =>
    setImmediate(async () => {
      await queue.idle()
      setImmediate(() => void server.close())
    }),
  )
  await server.connect(new StdioServerTransport())
  process.stderr.write(`${info.name} ${info.version}: MCP server on stdio, ${OPERATIONS.length} tools (end of input stops it)\n`)
  await closed
}
