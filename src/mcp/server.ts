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
 * The operations as an MCP server, not yet connected to a transport (stdio here; Streamable HTTP
 * in `serve`). onOutcome sees every call's outcome (the dashboard's tool.called events).
 */
export function createMcpServer(info: Info, options: {env: NodeJS.ProcessEnv; onOutcome?: (name: string, outcome: OperationOutcome) => void}): Server {
  const server = new Server({name: info.name, version: info.version}, {capabilities: {tools: {}}, instructions: INSTRUCTIONS})
  server.setRequestHandler(ListToolsRequestSchema, async () => ({tools: OPERATIONS.map(toolOf)}))
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const op = OPERATIONS.find((o) => o.name === request.params.name)
    if (!op) throw new McpError(ErrorCode.InvalidParams, `unknown tool "${request.params.name}"; the tools are ${OPERATION_NAMES.join(', ')}`)
    const token = request.params._meta?.progressToken
    let step = 0
    const progress = (message: string) => {
      if (token === undefined) return
      extra.sendNotification({method: 'notifications/progress', params: {progressToken: token, progress: ++step, message}}).catch(() => {})
    }
    const outcome = await invokeOperation(op, request.params.arguments, {env: options.env, progress})
    options.onOutcome?.(op.name, outcome)
    return callToolResult(outcome)
  })
  return server
}

/** Serves until stdin closes. stdout carries the protocol only; diagnostics go to stderr. */
export async function runMcpServer(info: Info): Promise<void> {
  // Anything a dependency logs must not corrupt the JSON-RPC stream on stdout.
  console.log = console.info = console.debug = console.warn = console.error

  const server = createMcpServer(info, {env: process.env})
  server.onerror = (error) => process.stderr.write(`mcp: ${error.message}\n`)

  const closed = new Promise<void>((resolve) => {
    server.onclose = resolve
  })
  process.stdin.once('end', () => void server.close())
  await server.connect(new StdioServerTransport())
  process.stderr.write(`${info.name} ${info.version}: MCP server on stdio, ${OPERATIONS.length} tools (end of input stops it)\n`)
  await closed
}
